"""The census panel of the admin's dashboard: the submissions waiting for a review."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from practices.census.models import PracticeSubmission, SubmissionStatus

LISTED = 5
WAITING = (SubmissionStatus.NEW, SubmissionStatus.IN_REVIEW)


def can_review_submissions(user):
    return user.has_perm("census.change_practicesubmission")


class CensusPanel(Component):
    name = "census"
    template_name = "census/admin/dashboard_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = PracticeSubmission.objects.filter(status__in=WAITING)
        context.update(
            waiting_count=waiting.count(),
            oldest=waiting.select_related("commune").order_by("created_at", "pk")[:LISTED],
            listing_url=reverse("census_practicesubmission_modeladmin_index"),
        )
        return context
