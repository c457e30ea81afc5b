"""Staff views of the census, registered in the Wagtail admin by `wagtail_hooks.py`."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices.census import drafts, follow_ups
from practices.census.csvfiles import CsvError
from practices.census.forms import ImportForm, RefusalForm
from practices.census.importer import COLUMNS, ImportFileError, import_table
from practices.census.models import FollowUpSubmission, PracticeSubmission, SubmissionAttachment
from practices.census.storage import signed_url
from practices.census.summary import build_summary, summary_csv
from practices.models import PracticeIndexPage

MAX_IMPORT_SIZE = 5 * 1024 * 1024


def inspect_url(submission):
    return reverse("census_practicesubmission_modeladmin_inspect", args=[submission.pk])


def require_perm(request, codename):
    if not request.user.has_perm(f"census.{codename}_practicesubmission"):
        raise PermissionDenied


def can_add_practices(user):
    """May `user` add practices? Without a catalogue, the import and the draft say so."""
    index = PracticeIndexPage.objects.first()
    return index is None or index.permissions_for_user(user).can_add_subpage()


@require_POST
def create_draft(request, pk):
    require_perm(request, "change")
    if not can_add_practices(request.user):
        raise PermissionDenied
    submission = get_object_or_404(PracticeSubmission.objects.select_related("commune"), pk=pk)
    try:
        page = drafts.create_draft(submission, request.user)
    except drafts.DraftError as error:
        messages.error(request, str(error))
        return redirect(inspect_url(submission))
    photos = submission.attachments.filter(content_type__startswith="image/").count()
    message = _("Fiche brouillon « %(title)s » créée à partir de la contribution.") % {
        "title": page.title
    }
    if photos:
        message += " " + _(
            "Vérifiez le texte alternatif des photos (étiquette « %(tag)s ») avant de publier."
        ) % {"tag": drafts.ALT_TEXT_TO_REVIEW_TAG}
    messages.success(request, message)
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def accept_follow_up(request, pk):
    if not request.user.has_perm("census.change_followupsubmission"):
        raise PermissionDenied
    submission = get_object_or_404(FollowUpSubmission.objects.select_related("practice"), pk=pk)
    back = reverse("census_followupsubmission_modeladmin_inspect", args=[submission.pk])
    try:
        published = follow_ups.accept(submission, request.user)
    except follow_ups.AcceptError as error:
        messages.error(request, str(error))
        return redirect(back)
    values = {"title": submission.practice.title}
    if published:
        messages.success(request, _("Suivi ajouté et publié sur « %(title)s ».") % values)
    else:
        messages.warning(
            request,
            _("Suivi ajouté à une nouvelle version de « %(title)s », à publier.") % values,
        )
    return redirect(back)


def refuse(request, pk):
    require_perm(request, "change")
    submission = get_object_or_404(PracticeSubmission.objects.select_related("commune"), pk=pk)
    form = RefusalForm(request.POST or None, initial={"reason": submission.refusal_reason})
    if request.method == "POST" and form.is_valid():
        drafts.refuse(submission, form.cleaned_data["reason"])
        messages.success(
            request, _("Contribution « %(title)s » refusée.") % {"title": submission.title}
        )
        return redirect(inspect_url(submission))
    return TemplateResponse(
        request,
        "census/admin/refuse.html",
        {"submission": submission, "form": form, "back_url": inspect_url(submission)},
    )


def attachment(request, pk):
    """Staff-only download of a private attachment (never served under MEDIA_URL)."""
    require_perm(request, "view")
    item = get_object_or_404(SubmissionAttachment, pk=pk)
    url = signed_url(item.file.name, item.original_name, item.content_type, inline=item.is_image)
    if url:
        response = redirect(url)
        add_never_cache_headers(response)  # the link is for this member of staff only
        return response
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=not item.is_image,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


def import_csv(request):
    require_perm(request, "add")
    if not can_add_practices(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            form.add_error("file", _("Le fichier dépasse 5 Mo : découpez-le."))
        else:
            try:
                report = import_table(
                    upload.read(),
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                    partial=form.cleaned_data["partial"],
                )
            except (CsvError, ImportFileError) as error:
                form.add_error("file", str(error))
    return TemplateResponse(
        request,
        "census/admin/import.html",
        {"form": form, "report": report, "columns": COLUMNS.items()},
    )


def import_template(request):
    """The CSV template: French headers, one example row, `;` and UTF-8 with BOM (Excel)."""
    require_perm(request, "add")
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS.keys())
    example = {
        "Code INSEE": "59350",
        "Commune": "Lille",
        "Titre": "Budget participatif des quartiers",
        "Types de dispositif": "Budget participatif | Plateforme numérique",
        "Thèmes": "Cadre de vie | Environnement",
        "Niveau de participation": "Codécision",
        "QPV": "non",
        "Date de début": "01/03/2023",
        "État": "En cours",
        "Participants": "1 200",
        "Budget (€)": "60 000",
        "Description": "Les habitants proposent puis votent des projets pour leur quartier.",
        "Source": "Questionnaire",
    }
    writer.writerow([example.get(header, "") for header in COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-recensement.csv"'
    return response


def summary(request):
    require_perm(request, "view")
    return TemplateResponse(request, "census/admin/summary.html", {"summary": build_summary()})


def summary_download(request):
    require_perm(request, "view")
    response = HttpResponse(summary_csv(build_summary()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="synthese-recensement.csv"'
    return response
