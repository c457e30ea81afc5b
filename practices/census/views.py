"""The public form « Signaler une bonne pratique »."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cms import ratelimit
from practices.census import emails, uploads
from practices.census.forms import FollowUpSubmissionForm, SubmissionForm, initial_values
from practices.models import PracticePage

DEFAULT_RATE_LIMIT = (10, 60 * 60)  # submissions per client address, per window of seconds


def within_rate_limit(request, scope="census-submission"):
    limit, window = getattr(settings, "CENSUS_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    return ratelimit.allow(request, scope, limit, window)


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    if request.method != "POST":
        form = SubmissionForm(initial=initial_values(request.GET))
        return render(request, "census/submission_form.html", {"form": form})
    # Refuse oversized bodies before Django reads them, so nothing is even written to /tmp.
    if int(request.META.get("CONTENT_LENGTH") or 0) > uploads.MAX_REQUEST_SIZE:
        return render(
            request,
            "census/too_large.html",
            {"max_total": uploads.megabytes(uploads.MAX_TOTAL_SIZE)},
            status=413,
        )
    if not within_rate_limit(request):
        return render(request, "census/rate_limited.html", status=429)
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_spam:
        return redirect("census:thanks")
    if not form.is_valid():
        return render(request, "census/submission_form.html", {"form": form}, status=200)
    submission = form.save()
    emails.send_acknowledgement(submission, request)
    emails.notify_staff(submission, request)
    return redirect("census:thanks")


@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request, practice_id):
    """« Signaler un suivi » of a published practice: stored for review, never published as is."""
    practice = get_object_or_404(PracticePage.objects.live().public(), pk=practice_id)
    context = {"practice": practice}
    if request.method != "POST":
        context["form"] = FollowUpSubmissionForm(practice=practice)
        return render(request, "census/follow_up_form.html", context)
    if not within_rate_limit(request, "census-follow-up"):
        return render(request, "census/rate_limited.html", status=429)
    form = context["form"] = FollowUpSubmissionForm(request.POST, practice=practice)
    if form.is_spam:
        return redirect("census:follow_up_thanks")
    if not form.is_valid():
        return render(request, "census/follow_up_form.html", context, status=400)
    form.save()
    return redirect("census:follow_up_thanks")


def thanks(request):
    return render(request, "census/thanks.html")


def follow_up_thanks(request):
    return render(request, "census/follow_up_thanks.html")
