"""The mailing panel of the admin's dashboard: the last mailings with their counts."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from press.mailing.models import Mailing

LISTED = 5


def can_see_mailings(user):
    return user.has_perm("mailing.view_mailing")


class MailingPanel(Component):
    name = "mailing"
    template_name = "mailing/admin/dashboard_panel.html"
    order = 55  # after the press panel

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            mailings=Mailing.objects.with_counts().order_by("-created_at", "-pk")[:LISTED],
            listing_url=reverse("mailing_mailing_modeladmin_index"),
        )
        return context
