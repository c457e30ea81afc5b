"""Data frozen at publication: a report does not move under its readers.

At each publication (signals.py), every data block gets its figures in the page's `frozen_data`,
{block id: {"config": the block's value, "data": its figures}}: a block already frozen with the
same value keeps its figures; a new or changed block is computed from the catalogue as it is
then. `data_frozen_at` is set at the first publication (« Données arrêtées au … »). A new edition
is a new page (a copy starts without frozen data). Previews show the frozen figures of unchanged
blocks and compute the others, labelled as live.
"""

import json
from dataclasses import dataclass
from functools import cached_property

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from practices.models import Commune, PracticeIndexPage, PracticePage
from practices.reports import figures
from practices.reports.blocks import DataBlock


def config(child):
    """The block's value as stored (JSON), to tell whether it changed since it was frozen."""
    return json.loads(json.dumps(child.block.get_prep_value(child.value), cls=DjangoJSONEncoder))


def catalogue_sources(page):
    """The published practices of the catalogue of the page's site, and the reference communes."""
    site = page.get_site()
    catalogue = None
    if site is not None:
        catalogue = PracticeIndexPage.objects.live().descendant_of(site.root_page).first()
    practices = catalogue.practices() if catalogue else PracticePage.objects.none()
    return practices, Commune.objects.all()


@dataclass
class Item:
    """A block of the report; for a data block, its figures and whether they are live."""

    child: object  # the StreamField child
    data: dict | None = None
    live: bool = False

    @property
    def kind(self):
        return self.child.block.kind if self.data is not None else ""

    @property
    def id(self):
        return self.child.id

    @cached_property
    def table(self):
        return figures.table(self.kind, self.data)

    @cached_property
    def chart(self):
        return figures.chart(self.data, self.id) if self.kind == "chart" else None

    @cached_property
    def practice_map(self):
        return figures.practice_map(self.data) if self.kind == "map" else None

    @cached_property
    def key_figures(self):
        return figures.key_figures(self.data) if self.kind == "figures" else None

    @cached_property
    def coverage(self):
        """(communes of the department, communes with a practice)."""
        return figures.coverage_totals(self.data) if self.kind == "coverage" else None

    @property
    def title(self):
        return self.data["title"] if self.data is not None else ""


def report_items(page):
    """Every block of the page's body, the data blocks with their frozen figures, or computed now
    (labelled live) where none is frozen for the block's current value."""
    frozen = page.frozen_data or {}
    sources = None
    items = []
    for child in page.body:
        if not isinstance(child.block, DataBlock):
            items.append(Item(child))
            continue
        entry = frozen.get(child.id)
        if entry and entry["config"] == config(child):
            items.append(Item(child, entry["data"]))
            continue
        sources = sources or catalogue_sources(page)
        items.append(Item(child, figures.compute(child.block.kind, child.value, *sources), True))
    return items


def freeze(page):
    """Freeze the figures of the live page's data blocks (kept for unchanged blocks)."""
    entries = {
        item.id: {"config": config(item.child), "data": item.data}
        for item in report_items(page)
        if item.data is not None
    }
    frozen_at = page.data_frozen_at or timezone.now()
    type(page).objects.filter(pk=page.pk).update(frozen_data=entries, data_frozen_at=frozen_at)
    page.frozen_data, page.data_frozen_at = entries, frozen_at
