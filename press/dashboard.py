"""The press panel of the admin's dashboard: what communications staff act on next."""

from django.db.models import CharField, Count, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Revision, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from press.invitations import upcoming
from press.models import PressIndexPage, PressReleasePage

LISTED = 5


def scheduled_releases():
    """Releases waiting for their embargo to lift, soonest first, with `lift_at` and the
    number of their briefing links given (not revoked) and opened (press.mailing.briefings)."""
    given = Q(briefing_recipients__revoked_at__isnull=True)
    schedule = Revision.page_revisions.filter(
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        approved_go_live_at__isnull=False,
    ).order_by("approved_go_live_at")
    return (
        PressReleasePage.objects.annotate(
            lift_at=Subquery(schedule.values("approved_go_live_at")[:1]),
            links_given=Count("briefing_recipients", filter=given),
            links_opened=Count(
                "briefing_recipients",
                filter=given & Q(briefing_recipients__first_opened_at__isnull=False),
            ),
        )
        .filter(lift_at__gt=timezone.now())
        .defer_streamfields()
        .order_by("lift_at", "pk")
    )[:LISTED]


def releases_in_moderation():
    """Releases submitted to a workflow and waiting for a moderator, oldest request first."""
    in_progress = WorkflowState.objects.active().filter(
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        base_content_type__model="page",
        base_content_type__app_label="wagtailcore",
    )
    return (
        PressReleasePage.objects.annotate(
            submitted_at=Subquery(in_progress.values("created_at")[:1])
        )
        .filter(submitted_at__isnull=False)
        .defer_streamfields()
        .order_by("submitted_at", "pk")
    )[:LISTED]


def can_write_releases(user):
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


class PressPanel(Component):
    name = "press"
    template_name = "press/admin/dashboard_panel.html"
    order = 50  # before Wagtail's own panels

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        press_index = PressIndexPage.objects.first()
        context.update(
            scheduled=scheduled_releases(),
            in_moderation=releases_in_moderation(),
            invitations=upcoming(PressReleasePage.objects.live().public()),
            add_release_url=press_index
            and reverse(
                "wagtailadmin_pages:add", args=("press", "pressreleasepage", press_index.pk)
            ),
        )
        return context
