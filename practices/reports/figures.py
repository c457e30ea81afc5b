"""The figures of a report's data blocks, computed from the published catalogue through its own
filters and facet counts (practices.filters), as JSON-ready data that the page keeps frozen.

`compute(kind, value, practices, communes)` returns the data of a block; `table(kind, data)` the
table every data block shows, which its CSV repeats cell for cell; `chart(data, slug)` and
`practice_map(data)` the drawings (practices.charts, practices.maps) of charts and maps.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.text import fold
from practices import maps, statistics
from practices import vocabularies as vocab
from practices.charts import bar_chart
from practices.filters import (
    BAND,
    COMMUNE,
    DEVICE,
    EPCI,
    THEME,
    YEAR,
    NamedCounts,
    Selection,
    count_options,
    ordered,
)


def selected(value, practices, communes):
    """The practices of the block's saved selection (a query string of the catalogue)."""
    querydict = QueryDict(value.get("selection") or "")
    return Selection.from_querydict(querydict, communes).apply(practices)


def percentage(part, whole):
    """« 12,5 »: one decimal, French comma (the table and its CSV show the same text)."""
    if not whole:
        return ""
    share = (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"))
    return str(share).replace(".", ",")


@dataclass
class Table:
    caption: str
    columns: list
    rows: list  # lists of cells (text or integers), one per column
    footer: list = field(default_factory=list)  # a total row, or empty
    links: list = field(default_factory=list)  # the address of each row's first cell, if any

    @property
    def csv_rows(self):
        return [self.columns, *self.rows, *([self.footer] if self.footer else [])]

    @property
    def linked_rows(self):
        return [
            (self.links[index] if self.links else "", row) for index, row in enumerate(self.rows)
        ]


# Key figures: the statistics page's figures (practices.statistics) of the selection.


def compute_figures(value, practices, communes):
    figures = statistics.compute(selected(value, practices, communes), communes)
    euros = figures.euros_per_inhabitant
    return {
        "title": value["title"],
        "total": figures.total,
        "communes_total": figures.communes_total,
        "communes_covered": figures.communes_covered,
        "participants": figures.participants,
        "participants_known": figures.participants_known,
        "budget": figures.budget,
        "budget_known": figures.budget_known,
        "euros_per_inhabitant": None if euros is None else str(euros.quantize(Decimal("0.01"))),
        "department": figures.department,
    }


def key_figures(data):
    """The data as the statistics page's `Statistics` (its coverage computed alike)."""
    euros = data["euros_per_inhabitant"]
    fields = {
        name: data[name] for name in statistics.Statistics.__dataclass_fields__ if name in data
    }
    return statistics.Statistics(
        **{
            **fields,
            "charts": [],
            "euros_per_inhabitant": None if euros is None else Decimal(euros),
        }
    )


def figures_table(data):
    euros = data["euros_per_inhabitant"]
    return Table(
        caption=data["title"],
        columns=[_("Indicateur"), _("Valeur")],
        rows=[
            [_("Pratiques recensées"), data["total"]],
            [_("Communes du département couvertes"), data["communes_covered"]],
            [_("Communes du département dans la liste de référence"), data["communes_total"]],
            [
                _("Part des communes couvertes (%)"),
                percentage(data["communes_covered"], data["communes_total"]),
            ],
            [_("Participants (chiffres connus)"), data["participants"]],
            [_("Pratiques dont le nombre de participants est connu"), data["participants_known"]],
            [_("Budgets connus (euros)"), data["budget"]],
            [_("Pratiques dont le budget est connu"), data["budget_known"]],
            [_("Euros par habitant"), "" if euros is None else euros.replace(".", ",")],
        ],
    )


# Bar charts: one facet of the catalogue counted over the selection.

DIMENSIONS = {
    "device": (
        DEVICE,
        gettext_lazy("Pratiques par type de dispositif"),
        gettext_lazy("Une pratique peut relever de plusieurs types de dispositif."),
        gettext_lazy("Type de dispositif"),
    ),
    "theme": (
        THEME,
        gettext_lazy("Pratiques par thème"),
        gettext_lazy("Une pratique peut porter sur plusieurs thèmes."),
        gettext_lazy("Thème"),
    ),
    "band": (
        BAND,
        gettext_lazy("Pratiques par taille de commune"),
        gettext_lazy("Strates de population municipale de la commune de la pratique."),
        gettext_lazy("Taille de la commune"),
    ),
    "epci": (
        EPCI,
        gettext_lazy("Pratiques par intercommunalité"),
        gettext_lazy("Intercommunalité (EPCI) de la commune de la pratique."),
        gettext_lazy("Intercommunalité"),
    ),
    "year": (
        YEAR,
        gettext_lazy("Pratiques par année de lancement"),
        gettext_lazy("Les pratiques sans date de début ne sont pas comptées."),
        gettext_lazy("Année"),
    ),
}


def chart_rows(dimension, counts):
    """(label, count) pairs in the order the chart shows them."""
    if dimension in ("device", "theme"):
        choices = DEVICE.choices if dimension == "device" else THEME.choices
        rows = [(str(label), counts.get(value, 0)) for value, label in choices.choices]
        return sorted(rows, key=lambda row: -row[1])
    if dimension == "band":
        return [(str(label), counts.get(value, 0)) for value, label in vocab.PopulationBand.choices]
    if dimension == "epci":
        return sorted(counts.items(), key=lambda row: (-row[1], fold(row[0])))
    return sorted(counts.items())  # years


def compute_chart(value, practices, communes):
    dimension = value["dimension"]
    facet, title, description, column_label = DIMENSIONS[dimension]
    counts = count_options(selected(value, practices, communes), [facet]).options[facet.param]
    return {
        "title": value["title"] or str(title),
        "description": str(description),
        "column_label": str(column_label),
        "value_label": _("Nombre de pratiques"),
        "rows": [[label, count] for label, count in chart_rows(dimension, counts)],
    }


def chart(data, slug):
    return bar_chart(
        slug,
        data["title"],
        data["description"],
        data["column_label"],
        data["value_label"],
        data["rows"],
    )


def chart_table(data):
    return Table(
        caption=data["title"],
        columns=[data["column_label"], data["value_label"]],
        rows=[list(row) for row in data["rows"]],
    )


# The map: the commune facet's counts, placed by the communes' coordinates.


def compute_map(value, practices, communes):
    counts = count_options(selected(value, practices, communes), [COMMUNE]).options[COMMUNE.param]
    rows = [
        [code, counts.names.get(code, code), count, *counts.points.get(code, (None, None))]
        for code, count in counts.items()
        if count
    ]
    rows.sort(key=lambda row: (-row[2], fold(row[1])))
    return {"title": value["title"], "communes": rows}


def practice_map(data):
    counts = NamedCounts()
    for code, name, count, latitude, longitude in data["communes"]:
        counts[code] = count
        counts.names[code] = name
        if latitude is not None and longitude is not None:
            counts.points[code] = (latitude, longitude)
    return maps.practice_map(counts)


def map_table(data):
    return Table(
        caption=data["title"],
        columns=[_("Commune"), _("Code INSEE"), _("Nombre de pratiques")],
        rows=[[name, code, count] for code, name, count, *_point in data["communes"]],
    )


# A table of practices: the latest of a saved selection.


def compute_practices(value, practices, communes):
    chosen = selected(value, practices, communes)
    listed = (
        ordered(chosen)
        .defer_streamfields()
        .select_related("commune")
        .prefetch_related("device_types")[: value["limit"]]
    )
    return {
        "title": value["title"],
        "total": chosen.count(),
        "practices": [
            {
                "url": practice.url,
                "cells": [
                    practice.title,
                    practice.commune.name if practice.commune else "",
                    ", ".join(str(term) for term in practice.device_types.all()),
                    str(practice.start_date.year) if practice.start_date else "",
                    vocab.Status(practice.status).label if practice.status else "",
                ],
            }
            for practice in listed
        ],
    }


def practices_table(data):
    return Table(
        caption=data["title"],
        columns=[
            _("Pratique"),
            _("Commune"),
            _("Types de dispositif"),
            _("Année de lancement"),
            _("État"),
        ],
        rows=[practice["cells"] for practice in data["practices"]],
        links=[practice["url"] for practice in data["practices"]],
    )


# Coverage of the department: its communes with and without a published practice.


def compute_coverage(value, practices, communes):
    department = statistics.department()
    has_practice = Exists(selected(value, practices, communes).filter(commune=OuterRef("pk")))
    counted = (
        communes.filter(department=department)
        .values("population_band")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(has_practice)))
        .order_by()
    )
    by_band = {row["population_band"]: (row["total"], row["covered"]) for row in counted}
    bands = [*vocab.PopulationBand.choices, ("", _("Population inconnue"))]
    return {
        "title": value["title"],
        "department": department,
        "rows": [[str(label), *by_band[band]] for band, label in bands if band in by_band],
    }


def coverage_totals(data):
    total = sum(row[1] for row in data["rows"])
    covered = sum(row[2] for row in data["rows"])
    return total, covered


def coverage_table(data):
    def cells(label, total, covered):
        return [label, total, covered, total - covered, percentage(covered, total)]

    return Table(
        caption=data["title"],
        columns=[
            _("Taille de la commune"),
            _("Communes du département"),
            _("Avec au moins une pratique"),
            _("Sans pratique"),
            _("Part des communes couvertes (%)"),
        ],
        rows=[cells(*row) for row in data["rows"]],
        footer=cells(_("Ensemble"), *coverage_totals(data)),
    )


COMPUTE = {
    "figures": compute_figures,
    "chart": compute_chart,
    "map": compute_map,
    "practices": compute_practices,
    "coverage": compute_coverage,
}
TABLES = {
    "figures": figures_table,
    "chart": chart_table,
    "map": map_table,
    "practices": practices_table,
    "coverage": coverage_table,
}


def compute(kind, value, practices, communes):
    return COMPUTE[kind](value, practices, communes)


def table(kind, data):
    return TABLES[kind](data)
