"""From a reported follow-up to a step of the case study's « Suivi »: « Accepter »."""

from django.db import transaction
from django.utils.translation import gettext as _

from practices.census.models import SubmissionStatus
from practices.models import PracticeFollowUp


class AcceptError(Exception):
    """The follow-up cannot be accepted (the message is French, for the admin)."""


@transaction.atomic
def accept(submission, user):
    """Add the follow-up to the practice's latest revision, published when the reviewer may
    publish and the page has no other unpublished change (never someone else's draft).
    Returns whether it was published."""
    if submission.status == SubmissionStatus.ACCEPTED:
        raise AcceptError(_("Ce suivi a déjà été accepté."))
    page = submission.practice.specific
    permissions = page.permissions_for_user(user)
    if not permissions.can_edit():
        raise AcceptError(_("Vous ne pouvez pas modifier la fiche de cette pratique."))
    publish = permissions.can_publish() and page.live and not page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    draft.follow_ups.add(
        PracticeFollowUp(
            date=submission.date,
            kind=submission.kind,
            text=submission.text,
            source_url=submission.source_url,
        )
    )
    revision = draft.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    submission.status = SubmissionStatus.ACCEPTED
    submission.save(update_fields=["status", "updated_at"])
    return publish
