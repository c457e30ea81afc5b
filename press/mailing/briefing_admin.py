"""Admin: « Briefing sous embargo » of a scheduled release: give journalists their personal link
(and email it), see who opened it and when, revoke one link or all (briefings.py)."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.admin_url_finder import AdminURLFinder

from cms.text import fold, one_line
from press.mailing import briefings
from press.mailing.models import Subscriber
from press.mailing.tasks import send_mailing_task
from press.models import PressReleasePage

ADDRESS_SEPARATORS = re.compile(r"[\s,;]+")
OFFERED = 50  # subscribers listed to tick; a search narrows them down
MAX_SEARCH_LENGTH = 100


def label(subscriber):
    return f"{subscriber.name} ({subscriber.outlet}) — {subscriber.email}"


def matching(subscribers, search, limit):
    """The first `limit` of `subscribers` whose name, email and media outlet contain each word of
    `search`, accents and case aside (compared here: neither database folds accents by itself)."""
    words = fold(search).split()
    found = []
    for pk, *fields in subscribers.values_list("pk", "name", "email", "outlet").iterator():
        text = fold(" ".join(fields))
        if all(word in text for word in words):
            found.append(pk)
            if len(found) == limit:
                break
    return subscribers.filter(pk__in=found)


class BriefingForm(forms.Form):
    subscribers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Abonnés confirmés de la liste presse"),
        queryset=Subscriber.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    addresses = forms.CharField(
        label=gettext_lazy("Autres adresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Une adresse par ligne. Elles reçoivent le lien sans être inscrites à la liste presse."
        ),
    )

    def __init__(self, release, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = release.briefing_recipients.values("email")
        # Every confirmed subscriber without a link may be ticked; only `offer` lists them.
        self.fields["subscribers"].queryset = (
            Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
            .exclude(email__in=given)
            .order_by("outlet", "name", "pk")
        )
        self.more_matches = False

    def offer(self, search):
        """Lists at most OFFERED subscribers matching `search`, after those ticked already (a
        form sent back for an error); `more_matches` says whether to narrow the search."""
        field = self.fields["subscribers"]
        ticked = list(getattr(self, "cleaned_data", {}).get("subscribers") or [])
        ticked_ids = [subscriber.pk for subscriber in ticked]
        matches = list(matching(field.queryset.exclude(pk__in=ticked_ids), search, OFFERED + 1))
        self.more_matches = len(matches) > OFFERED
        offered = ticked + matches[: max(OFFERED - len(ticked), 0)]
        field.widget.choices = [(subscriber.pk, label(subscriber)) for subscriber in offered]

    def clean_addresses(self):
        addresses = []
        invalid = []
        for address in ADDRESS_SEPARATORS.split(self.cleaned_data["addresses"]):
            if not address:
                continue
            try:
                validate_email(address)
            except forms.ValidationError:
                invalid.append(one_line(address)[:100])
                continue
            if address.lower() not in addresses:
                addresses.append(address.lower())
        if invalid:
            raise forms.ValidationError(
                _("Adresse(s) non valide(s) : %(addresses)s.")
                % {"addresses": ", ".join(f"« {address} »" for address in invalid)}
            )
        return addresses

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("subscribers") or cleaned.get("addresses")):
            raise forms.ValidationError(
                _("Choisissez au moins un abonné ou saisissez au moins une adresse.")
            )
        return cleaned


def can_brief(user, release):
    """Those who may publish the release, and send to journalists."""
    return user.has_perm("mailing.add_mailing") and release.permissions_for_user(user).can_publish()


def _release(request, page_id):
    release = get_object_or_404(PressReleasePage, pk=page_id)
    if not can_brief(request.user, release):
        raise PermissionDenied
    return release


def _is_open(release):
    """A briefing is given while the release waits for its embargo to lift."""
    return not release.live and briefings.lift_at(release) is not None


def briefing(request, page_id):
    release = _release(request, page_id)
    search = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    form = None
    if _is_open(release):
        form = BriefingForm(release, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None and form.is_valid():
        _brief(request, release, form.cleaned_data)
        return redirect("mailing_briefing", release.pk)
    if form is not None:
        form.offer(search)
    recipients = release.briefing_recipients.select_related("subscriber").prefetch_related(
        "deliveries"
    )
    return TemplateResponse(
        request,
        "mailing/admin/briefing.html",
        {
            "release": release,
            "form": form,
            "search": search,
            "offered": OFFERED,
            "lift_at": briefings.lift_at(release),
            "recipients": recipients,
            "has_valid_links": any(not recipient.is_revoked for recipient in recipients),
            "edit_url": AdminURLFinder(request.user).get_edit_url(release),
        },
    )


def _brief(request, release, data):
    with transaction.atomic():
        added = briefings.add_recipients(
            release, data["subscribers"], data["addresses"], request.user
        )
        if added:
            mailing = briefings.start_mailing(release, request.user)
            transaction.on_commit(lambda: send_mailing_task.enqueue(mailing.pk))
    if added:
        messages.success(
            request,
            _("Lien personnel envoyé à %(count)d journaliste(s).") % {"count": len(added)},
        )
    else:
        messages.warning(request, _("Ces adresses ont déjà leur lien : rien n'a été envoyé."))


@require_POST
def revoke(request, page_id, pk):
    release = _release(request, page_id)
    recipient = get_object_or_404(release.briefing_recipients, pk=pk)
    briefings.revoke(release.briefing_recipients.filter(pk=pk))
    messages.success(request, _("Le lien de %(email)s est révoqué.") % {"email": recipient.email})
    return redirect("mailing_briefing", release.pk)


@require_POST
def revoke_all(request, page_id):
    release = _release(request, page_id)
    count = briefings.revoke(release.briefing_recipients.all())
    messages.success(request, _("%(count)d lien(s) révoqué(s).") % {"count": count})
    return redirect("mailing_briefing", release.pk)
