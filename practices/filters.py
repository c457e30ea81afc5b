"""Faceted filters of the catalogue, shared by the list, the statistics and the exports.

GET parameters (combinable; repeat a parameter to select several values of one facet, which are
OR-ed; different facets are AND-ed): `device`, `theme`, `status`, `level`, `band` (vocabulary
slugs), `commune` (INSEE code), `epci` (EPCI name), `year` (start year), `q` (text).
Unknown or malformed values are ignored.

Each facet's counts are computed on the practices matching every *other* active filter, in one
SQL query per facet whatever the number of practices; the facets that are not active share the
fully filtered set, so the single-valued ones are counted together in one aggregate query.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cms.text import clean_query
from practices import vocabularies as vocab
from practices.models import INSEE_CODE_PATTERN, Commune, PracticePage
from practices.text import fold

MAX_VALUES = 30  # per parameter: longer lists are truncated
MAX_TERMS = 8  # words of the text query

DeviceLink = PracticePage.device_types.through
ThemeLink = PracticePage.themes.through


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    facet: "Facet"
    options: list
    counts: dict

    @property
    def param(self):
        return self.facet.param

    @property
    def label(self):
        return self.facet.label

    @property
    def widget(self):
        return self.facet.widget

    @property
    def has_selection(self):
        return any(option.selected for option in self.options)


class Facet:
    widget = "checkbox"

    def __init__(self, param, label):
        self.param = param
        self.label = label

    def parse(self, values):
        """The accepted values among the raw GET values (deduplicated, order kept)."""
        accepted = []
        for value in values[:MAX_VALUES]:
            value = self.clean(value)
            if value is not None and value not in accepted:
                accepted.append(value)
        return accepted

    def validate(self, values):
        """Drop well-formed values that match nothing (may run one query)."""
        return values


class ChoiceFacet(Facet):
    """A single-valued vocabulary field of the practice (or of its commune)."""

    def __init__(self, param, label, lookup, choices):
        super().__init__(param, label)
        self.lookup = lookup
        self.choices = choices

    def clean(self, value):
        return value if value in self.choices.values else None

    def apply(self, queryset, values):
        return queryset.filter(**{f"{self.lookup}__in": values})

    def aggregates(self):
        return {
            f"{self.param}__{index}": Count("pk", filter=Q(**{self.lookup: value}))
            for index, value in enumerate(self.choices.values)
        }

    def counts_from(self, aggregated):
        return {
            value: aggregated[f"{self.param}__{index}"]
            for index, value in enumerate(self.choices.values)
        }

    def counts(self, queryset):
        return self.counts_from(queryset.aggregate(**self.aggregates()))

    def options(self, counts, selected):
        return [
            Option(value, label, counts.get(value, 0), value in selected)
            for value, label in self.choices.choices
        ]


class TermFacet(Facet):
    """A multi-valued vocabulary, stored in a link table whose rows hold the slug."""

    def __init__(self, param, label, link, term_column, choices):
        super().__init__(param, label)
        self.link = link
        self.term_column = term_column
        self.choices = choices

    def clean(self, value):
        return value if value in self.choices.values else None

    def apply(self, queryset, values):
        matching = self.link.objects.filter(**{f"{self.term_column}__in": values})
        return queryset.filter(pk__in=matching.values("practicepage_id"))

    def counts(self, queryset):
        rows = (
            self.link.objects.filter(practicepage_id__in=queryset.values("pk"))
            .values(self.term_column)
            .annotate(count=Count("practicepage_id"))
            .order_by()
        )
        return {row[self.term_column]: row["count"] for row in rows}

    def options(self, counts, selected):
        return [
            Option(value, label, counts.get(value, 0), value in selected)
            for value, label in self.choices.choices
        ]


class YearFacet(Facet):
    def clean(self, value):
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100:
            return value
        return None

    def apply(self, queryset, values):
        return queryset.filter(start_date__year__in=[int(value) for value in values])

    def counts(self, queryset):
        rows = (
            queryset.filter(start_date__isnull=False)
            .annotate(year=ExtractYear("start_date"))
            .values("year")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return {str(row["year"]): row["count"] for row in rows}

    def options(self, counts, selected):
        values = sorted(set(counts) | set(selected), reverse=True)
        return [Option(value, value, counts.get(value, 0), value in selected) for value in values]


class NamedCounts(dict):
    """Counts by commune code, with each commune's name and (latitude, longitude)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.names = {}
        self.points = {}


COMMUNE_COLUMNS = (
    "commune__insee_code",
    "commune__name",
    "commune__epci_name",
    "commune__latitude",
    "commune__longitude",
)


class CommuneFacet(Facet):
    widget = "select"
    insee_code = re.compile(INSEE_CODE_PATTERN)

    def clean(self, value):
        value = value.strip().upper()
        return value if self.insee_code.match(value) else None

    def validate(self, values):
        known = set(
            Commune.objects.filter(insee_code__in=values).values_list("insee_code", flat=True)
        )
        return [value for value in values if value in known]

    def apply(self, queryset, values):
        return queryset.filter(commune__insee_code__in=values)

    def counts(self, queryset):
        return self.counts_with_epci(queryset)[0]

    def counts_with_epci(self, queryset):
        """Commune and EPCI counts in one query (a commune belongs to one EPCI)."""
        rows = (
            queryset.filter(commune__isnull=False)
            .values(*COMMUNE_COLUMNS)
            .annotate(total=Count("pk"))
            .order_by()
        )
        return self.counts_from_rows(rows)

    def counts_from_rows(self, rows):
        """Commune and EPCI counts from rows grouped by `COMMUNE_COLUMNS`, with a `total`."""
        communes = NamedCounts()
        epcis = {}
        for row in rows:
            code = row["commune__insee_code"]
            if code is None:  # the practices without a commune
                continue
            communes[code] = row["total"]
            communes.names[code] = row["commune__name"]
            if row["commune__latitude"] is not None and row["commune__longitude"] is not None:
                communes.points[code] = (
                    float(row["commune__latitude"]),
                    float(row["commune__longitude"]),
                )
            if row["commune__epci_name"]:
                epcis[row["commune__epci_name"]] = (
                    epcis.get(row["commune__epci_name"], 0) + row["total"]
                )
        return communes, epcis

    def options(self, counts, selected):
        names = counts.names
        values = sorted(set(counts) | set(selected), key=lambda code: fold(names.get(code, code)))
        return [
            Option(value, names.get(value, value), counts.get(value, 0), value in selected)
            for value in values
        ]


class EpciFacet(Facet):
    def clean(self, value):
        value = clean_query(value, max_length=200)
        return value or None

    def validate(self, values):
        known = set(
            Commune.objects.filter(epci_name__in=values).values_list("epci_name", flat=True)
        )
        return [value for value in values if value in known]

    def apply(self, queryset, values):
        return queryset.filter(commune__epci_name__in=values)

    def counts(self, queryset):
        rows = (
            queryset.exclude(commune__epci_name="")
            .filter(commune__isnull=False)
            .values("commune__epci_name")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return {row["commune__epci_name"]: row["count"] for row in rows}

    def options(self, counts, selected):
        values = sorted(set(counts) | set(selected), key=fold)
        return [Option(value, value, counts.get(value, 0), value in selected) for value in values]


DEVICE = TermFacet(
    "device", _("Type de dispositif"), DeviceLink, "devicetypeterm_id", vocab.DeviceType
)
THEME = TermFacet("theme", _("Thème"), ThemeLink, "themeterm_id", vocab.Theme)
STATUS = ChoiceFacet("status", _("État"), "status", vocab.Status)
LEVEL = ChoiceFacet(
    "level", _("Niveau de participation"), "participation_level", vocab.ParticipationLevel
)
BAND = ChoiceFacet(
    "band", _("Taille de la commune"), "commune__population_band", vocab.PopulationBand
)
YEAR = YearFacet("year", _("Année de lancement"))
EPCI = EpciFacet("epci", _("Intercommunalité"))
COMMUNE = CommuneFacet("commune", _("Commune"))
FACETS = (DEVICE, THEME, STATUS, LEVEL, BAND, YEAR, EPCI, COMMUNE)


def ordered(queryset):
    """The catalogue's order, shared by the list and the exports: latest start first."""
    return queryset.order_by(F("start_date").desc(nulls_last=True), "title", "pk")


def search_terms(query):
    return fold(query).split()[:MAX_TERMS]


@dataclass
class Selection:
    """The validated filters of a request."""

    values: dict = field(default_factory=dict)  # param -> list of accepted values
    query: str = ""

    @classmethod
    def from_querydict(cls, querydict):
        values = {}
        for facet in FACETS:
            accepted = facet.parse(querydict.getlist(facet.param))
            if accepted:
                accepted = facet.validate(accepted)
            if accepted:
                values[facet.param] = accepted
        query = ""
        queries = querydict.getlist("q")
        if queries:
            query = clean_query(queries[-1])
        return cls(values=values, query=query)

    @property
    def is_active(self):
        return bool(self.values or self.query)

    def apply(self, queryset, exclude=None):
        for facet in FACETS:
            if facet is not exclude and facet.param in self.values:
                queryset = facet.apply(queryset, self.values[facet.param])
        for term in search_terms(self.query):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def querydict(self):
        querydict = QueryDict(mutable=True)
        for param, values in self.values.items():
            querydict.setlist(param, values)
        if self.query:
            querydict["q"] = self.query
        return querydict

    def querystring(self):
        return self.querydict().urlencode()

    def chips(self, facet_results):
        """The active filters, each with the query string that removes it."""
        labels = {
            (result.param, option.value): option.label
            for result in facet_results
            for option in result.options
        }
        chips = []
        for facet in FACETS:
            for value in self.values.get(facet.param, []):
                querydict = self.querydict()
                querydict.setlist(
                    facet.param, [other for other in self.values[facet.param] if other != value]
                )
                chips.append(
                    {
                        "facet": facet.label,
                        "label": labels.get((facet.param, value), value),
                        "querystring": querydict.urlencode(),
                    }
                )
        if self.query:
            querydict = self.querydict()
            del querydict["q"]
            chips.append(
                {"facet": _("Recherche"), "label": self.query, "querystring": querydict.urlencode()}
            )
        return chips


@dataclass
class FacetedSearch:
    queryset: object  # the filtered practices
    total: int
    facets: list


def faceted_search(base, selection):
    """Filter `base` with `selection` and count every facet's options.

    Queries: one aggregate for the total and every inactive single-valued facet (grouped by
    commune, which counts the commune and EPCI facets too when they are inactive), plus one per
    other facet — constant whatever the number of practices.
    """
    filtered = selection.apply(base)
    inactive_choices = [
        facet
        for facet in FACETS
        if isinstance(facet, ChoiceFacet) and facet.param not in selection.values
    ]
    aggregates = {"total": Count("pk")}
    for facet in inactive_choices:
        aggregates.update(facet.aggregates())
    counts = {}
    if EPCI.param not in selection.values and COMMUNE.param not in selection.values:
        # One query for both: the aggregates grouped by commune, summed here.
        rows = list(filtered.values(*COMMUNE_COLUMNS).annotate(**aggregates).order_by())
        aggregated = {name: sum(row[name] for row in rows) for name in aggregates}
        counts[COMMUNE.param], counts[EPCI.param] = COMMUNE.counts_from_rows(rows)
    else:
        aggregated = filtered.aggregate(**aggregates)
    counts.update({facet.param: facet.counts_from(aggregated) for facet in inactive_choices})
    for facet in FACETS:
        if facet.param not in counts:
            scope = (
                selection.apply(base, exclude=facet)
                if facet.param in selection.values
                else filtered
            )
            counts[facet.param] = facet.counts(scope)
    results = [
        FacetResult(
            facet,
            facet.options(counts[facet.param], selection.values.get(facet.param, [])),
            counts[facet.param],
        )
        for facet in FACETS
    ]
    return FacetedSearch(queryset=filtered, total=aggregated["total"], facets=results)
