"""Admin: a « Communiqués » listing with the release date, status and topics."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.viewsets.pages import PageListingViewSet

from cms.templatetags.cms_tags import french_date
from press.dashboard import PressPanel, can_write_releases
from press.models import PressReleasePage


class ReleaseIndexView(PageListingViewSet.index_view_class):
    default_ordering = "-release_date"

    def get_base_queryset(self):
        return (
            super().get_base_queryset().defer_streamfields().prefetch_related("tagged_items__tag")
        )


def topic_names(release):
    return ", ".join(tagged.tag.name for tagged in release.tagged_items.all())


class ReleaseListingViewSet(PageListingViewSet):
    model = PressReleasePage
    icon = "doc-full-inverse"
    menu_label = _("Communiqués")
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = ReleaseIndexView
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Titre"), sort_key="title", classname="title"),
        Column(
            "release_date",
            label=_("Date du communiqué"),
            accessor=lambda release: french_date(release.release_date),
            sort_key="release_date",
            width="18%",
        ),
        PageStatusColumn("status", label=_("État"), sort_key="live", width="14%"),
        Column("topics", label=_("Thèmes"), accessor=topic_names, width="22%"),
    ]


@hooks.register("register_admin_viewset")
def register_release_listing():
    return ReleaseListingViewSet("communiques")


@hooks.register("construct_homepage_panels")
def add_press_panel(request, panels):
    if can_write_releases(request.user):
        panels.append(PressPanel())
