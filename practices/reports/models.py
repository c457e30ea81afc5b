"""Reports: `/rapports/` and its reports, written in StreamField with data blocks computed from
the published catalogue and frozen at publication (practices/reports/freezing.py)."""

from functools import cached_property
from typing import NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.pages import BasePage
from practices.reports import data_csv, freezing
from practices.reports import pdf as report_pdf
from practices.reports.blocks import ReportBodyBlock


class Entry(NamedTuple):
    anchor: str
    text: str
    level: int


class ReportIndexPage(BasePage):
    """« Rapports »: the reports, newest edition first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["reports.ReportPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des rapports")
        verbose_name_plural = _("index des rapports")

    def reports(self):
        return (
            ReportPage.objects.live()
            .public_children_of(self)
            .defer_streamfields()
            .defer("frozen_data")  # the figures of its pages: lists show none
            .order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        return {**super().get_context(request, *args, **kwargs), "reports": self.reports()}


class ReportPage(RoutablePageMixin, BasePage):
    """A report (one edition: a new edition is a new page), its PDF and its data as CSV."""

    subtitle = models.CharField(_("sous-titre"), max_length=250, blank=True)
    summary = models.TextField(
        _("résumé"), max_length=600, help_text=_("Deux ou trois phrases : la page de garde du PDF.")
    )
    body = StreamField(ReportBodyBlock(), verbose_name=_("contenu"))
    frozen_data = models.JSONField(
        _("données arrêtées"), default=dict, editable=False, encoder=DjangoJSONEncoder
    )
    data_frozen_at = models.DateTimeField(_("données arrêtées le"), null=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["reports.ReportIndexPage"]
    subpage_types = []
    preview_modes = [("", _("Rapport")), ("pdf", _("PDF"))]
    # A copy is a new edition: its figures are frozen at its own publication.
    exclude_fields_in_copy = ["frozen_data", "data_frozen_at"]

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")

    def with_content_json(self, content):
        """A revision read back keeps the live page's frozen figures (a draft written before
        the first publication has none)."""
        page = super().with_content_json(content)
        page.frozen_data, page.data_frozen_at = self.frozen_data, self.data_frozen_at
        return page

    @cached_property
    def items(self):
        return freezing.report_items(self)

    @cached_property
    def table_of_contents(self):
        """(anchor, text, level) of the report's sections: its headings, data blocks,
        methodology and credits, in order."""
        entries = []
        for item in self.items:
            block_type, value = item.child.block_type, item.child.value
            if block_type == "heading":
                entries.append(Entry(f"s-{item.id}", value["text"], int(value["level"][1])))
            elif item.kind:
                entries.append(Entry(f"s-{item.id}", item.title, 3))
            elif block_type in ("methodology", "credits"):
                entries.append(Entry(f"s-{item.id}", value["title"], 2))
        return entries

    @property
    def has_live_figures(self):
        return any(item.live for item in self.items)

    @path("rapport.pdf/", name="pdf")  # served at …/rapport.pdf (cms.views.page_file)
    def pdf(self, request):
        return report_pdf.response(request, self)

    @path("donnees/<str:block_id>.csv/", name="data_csv")  # …/donnees/<id>.csv
    def data_csv(self, request, block_id):
        item = next((item for item in self.items if item.kind and item.id == block_id), None)
        if item is None:
            raise Http404
        return data_csv.response(item.table, f"{self.slug}-{block_id}.csv")

    def serve_preview(self, request, mode_name):
        if mode_name == "pdf":
            return self.pdf(request)
        return super().serve_preview(request, mode_name)
