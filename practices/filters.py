"""Faceted filters of the catalogue, shared by the list, the statistics and the exports.

GET parameters (combinable; repeat a parameter to select several values of one facet, which are
OR-ed; different facets are AND-ed): `device`, `theme`, `status`, `level`, `band` (vocabulary
slugs), `commune` (INSEE code), `epci` (EPCI name), `year` (start year), `q` (text).
Unknown or malformed values are ignored.

Each facet's counts are computed on the practices matching every *other* active filter. One
aggregate counts the total and the options of the choice facets, over the practices matching
every filter but the choice facets' (each count adds the choice filters it depends on), grouped
by start year when the year facet is not active (the totals by year are its counts). The
other facets that are not active share the fully filtered set (`count_options`): one grouping
by commune serves the facets on the commune, and each other facet is one grouping; each of them
that is active costs one more query. The catalogue counts on `counted_practices()`, the
published practices as a query on the practice table alone.

This module works on the querysets it is given and imports no model: the models call it.
"""

import re
from collections import namedtuple
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cms.text import clean_query, fold
from practices import vocabularies as vocab
from practices.vocabularies import INSEE_CODE_PATTERN

MAX_VALUES = 30  # per parameter: longer lists are truncated
MAX_TERMS = 8  # words of the text query


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

    def validate(self, values, communes):
        """Drop well-formed values that match nothing (may run one query on `communes`)."""
        return values


class VocabularyFacet(Facet):
    """A facet whose options are a vocabulary's, in its order."""

    def __init__(self, param, label, lookup, choices):
        super().__init__(param, label)
        self.lookup = lookup
        self.choices = choices

    def clean(self, value):
        return value if value in self.choices.values else None

    def options(self, counts, selected):
        return [
            Option(value, label, counts.get(value, 0), value in selected)
            for value, label in self.choices.choices
        ]


class ChoiceFacet(VocabularyFacet):
    """A single-valued vocabulary field of the practice, counted by conditional aggregation."""

    def condition(self, values):
        return Q(**{f"{self.lookup}__in": values})

    def apply(self, queryset, values):
        return queryset.filter(self.condition(values))

    def aggregates(self, within=None):
        """The count of each option, among the practices matching `within` (a Q) if given."""
        within = within or Q()
        return {
            f"{self.param}_{index}": Count("pk", filter=within & Q(**{self.lookup: value}))
            for index, value in enumerate(self.choices.values)
        }

    def counts_from(self, aggregated):
        return {
            value: aggregated[f"{self.param}_{index}"]
            for index, value in enumerate(self.choices.values)
        }


class TermFacet(VocabularyFacet):
    """A multi-valued vocabulary (a many-to-many relation to its terms, keyed by slug)."""

    def apply(self, queryset, values):
        """The practices linked to one of `values`, read from the relation's table alone."""
        relation = queryset.model._meta.get_field(self.lookup)
        links = relation.remote_field.through.objects.filter(
            **{
                relation.m2m_field_name(): OuterRef("pk"),
                f"{relation.m2m_reverse_field_name()}__in": values,
            }
        )
        return queryset.filter(Exists(links))

    def counts(self, queryset):
        rows = queryset.values(self.lookup).annotate(count=Count("pk")).order_by()
        return {row[self.lookup]: row["count"] for row in rows if row[self.lookup] is not None}


class YearFacet(Facet):
    def clean(self, value):
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100:
            return value
        return None

    def apply(self, queryset, values):
        return queryset.filter(start_date__year__in=[int(value) for value in values])

    def options(self, counts, selected):
        values = sorted(set(counts) | set(selected), reverse=True)
        return [Option(value, value, counts.get(value, 0), value in selected) for value in values]


# The practices counted by commune (`places`): each facet on the commune sums these rows.
Place = namedtuple("Place", "code name latitude longitude epci band total")
PLACE_COLUMNS = ("insee_code", "name", "latitude", "longitude", "epci_name", "population_band")


def places(practices):
    """The communes of `practices`, each with its count of them. Read from the communes and
    grouped by their key, which PostgreSQL lets stand for their other columns: grouped from the
    practices, the query compared all six columns of each of their communes."""
    communes = practices.model._meta.get_field("commune").related_model.objects
    rows = (
        communes.filter(practices__in=practices)
        .values_list("pk", *PLACE_COLUMNS)
        .annotate(total=Count("practices"))
        .order_by()
    )
    return [Place(*row[1:]) for row in rows]


def sum_by(places, attribute):
    """The communes' counts summed by one of their attributes (empty ones left out)."""
    counts = {}
    for place in places:
        value = getattr(place, attribute)
        if value:
            counts[value] = counts.get(value, 0) + place.total
    return counts


class PlaceFacet(Facet):
    """A facet on the practice's commune, counted from `places`."""


class BandFacet(PlaceFacet, VocabularyFacet):
    def apply(self, queryset, values):
        return queryset.filter(**{f"{self.lookup}__in": values})

    def counts_from(self, places):
        return sum_by(places, "band")


class NamedCounts(dict):
    """Counts by commune code, with each commune's name and (latitude, longitude)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.names = {}
        self.points = {}


class CommuneFacet(PlaceFacet):
    widget = "select"
    insee_code = re.compile(INSEE_CODE_PATTERN)

    def clean(self, value):
        value = value.strip().upper()
        return value if self.insee_code.match(value) else None

    def validate(self, values, communes):
        known = set(communes.filter(insee_code__in=values).values_list("insee_code", flat=True))
        return [value for value in values if value in known]

    def apply(self, queryset, values):
        return queryset.filter(commune__insee_code__in=values)

    def counts_from(self, places):
        """Counts by commune code, with names and coordinates."""
        communes = NamedCounts()
        for place in places:
            communes[place.code] = place.total
            communes.names[place.code] = place.name
            if place.latitude is not None and place.longitude is not None:
                communes.points[place.code] = (float(place.latitude), float(place.longitude))
        return communes

    def options(self, counts, selected):
        names = counts.names
        values = sorted(set(counts) | set(selected), key=lambda code: fold(names.get(code, code)))
        return [
            Option(value, names.get(value, value), counts.get(value, 0), value in selected)
            for value in values
        ]


class EpciFacet(PlaceFacet):
    def clean(self, value):
        value = clean_query(value, max_length=200)
        return value or None

    def validate(self, values, communes):
        known = set(communes.filter(epci_name__in=values).values_list("epci_name", flat=True))
        return [value for value in values if value in known]

    def apply(self, queryset, values):
        return queryset.filter(commune__epci_name__in=values)

    def counts_from(self, places):
        return sum_by(places, "epci")

    def options(self, counts, selected):
        values = sorted(set(counts) | set(selected), key=fold)
        return [Option(value, value, counts.get(value, 0), value in selected) for value in values]


DEVICE = TermFacet("device", _("Type de dispositif"), "device_types", vocab.DeviceType)
THEME = TermFacet("theme", _("Thème"), "themes", vocab.Theme)
STATUS = ChoiceFacet("status", _("État"), "status", vocab.Status)
LEVEL = ChoiceFacet(
    "level", _("Niveau de participation"), "participation_level", vocab.ParticipationLevel
)
BAND = BandFacet(
    "band", _("Taille de la commune"), "commune__population_band", vocab.PopulationBand
)
YEAR = YearFacet("year", _("Année de lancement"))
EPCI = EpciFacet("epci", _("Intercommunalité"))
COMMUNE = CommuneFacet("commune", _("Commune"))
FACETS = (DEVICE, THEME, STATUS, LEVEL, BAND, YEAR, EPCI, COMMUNE)
CHOICE_FACETS = tuple(facet for facet in FACETS if isinstance(facet, ChoiceFacet))


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
    def from_querydict(cls, querydict, communes):
        """`communes`: the reference communes, which commune and EPCI values must name."""
        values = {}
        for facet in FACETS:
            accepted = facet.parse(querydict.getlist(facet.param))
            if accepted:
                accepted = facet.validate(accepted, communes)
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
        """The practices of `queryset` these filters select, but for those of the facet `exclude`
        (or of the facets of the tuple `exclude`)."""
        excluded = exclude if isinstance(exclude, tuple) else (exclude,)
        for facet in FACETS:
            if facet not in excluded and facet.param in self.values:
                queryset = facet.apply(queryset, self.values[facet.param])
        for term in search_terms(self.query):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def choice_condition(self, exclude=None):
        """The filters of the choice facets (but `exclude`'s), as a condition on a practice."""
        condition = Q()
        for facet in CHOICE_FACETS:
            if facet is not exclude and facet.param in self.values:
                condition &= facet.condition(self.values[facet.param])
        return condition

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
    """Filter `base` with `selection` and count every facet's options."""
    filtered = selection.apply(base)
    aggregates = {"total": Count("pk", filter=selection.choice_condition())}
    for facet in CHOICE_FACETS:
        aggregates.update(facet.aggregates(within=selection.choice_condition(exclude=facet)))
    grouped = [facet for facet in FACETS if facet not in CHOICE_FACETS]
    inactive = [facet for facet in grouped if facet.param not in selection.values]
    choice_base = selection.apply(base, exclude=CHOICE_FACETS)
    if YEAR in inactive:
        # Grouped by year, the total is also the year facet's count of each year.
        aggregated, years = aggregate_by_year(choice_base, aggregates, "total")
        inactive.remove(YEAR)
        counts = {YEAR.param: years}
    else:
        aggregated, counts = choice_base.aggregate(**aggregates), {}
    counts.update({facet.param: facet.counts_from(aggregated) for facet in CHOICE_FACETS})
    counts.update(count_options(filtered, inactive).options)
    for facet in grouped:
        if facet.param in selection.values:
            others = selection.apply(base, exclude=facet)
            counts.update(count_options(others, [facet]).options)
    results = [
        FacetResult(
            facet,
            facet.options(counts[facet.param], selection.values.get(facet.param, [])),
            counts[facet.param],
        )
        for facet in FACETS
    ]
    return FacetedSearch(queryset=filtered, total=aggregated["total"], facets=results)


def aggregate_by_year(practices, aggregates, count):
    """`practices.aggregate(**aggregates)` and the year facet's counts, the aggregate `count`
    of each start year, from one grouping by year. The aggregates must add up across years:
    counts and sums."""
    rows = practices.values(year=ExtractYear("start_date")).annotate(**aggregates).order_by()
    aggregated = {
        name: 0 if isinstance(expression, Count) else None
        for name, expression in aggregates.items()
    }
    years = {}
    for row in rows:
        for name in aggregates:
            if row[name] is not None:
                aggregated[name] = (aggregated[name] or 0) + row[name]
        if row["year"] is not None and row[count]:
            years[str(row["year"])] = row[count]
    return aggregated, years


@dataclass
class Counted:
    aggregated: dict  # {name: value} of the `aggregates` asked for
    options: dict  # {facet param: {option value: number of practices}}


def count_options(practices, facets, **aggregates):
    """The option counts of `facets` over `practices`, and `aggregates` (name=expression).

    One query for the aggregates, the choice facets (conditional aggregation) and the years
    (grouped by year: the aggregates must then be counts or sums), one grouping by commune for
    the facets on the commune, one grouping for each other facet.
    """
    choice = [facet for facet in facets if isinstance(facet, ChoiceFacet)]
    by_place = [facet for facet in facets if isinstance(facet, PlaceFacet)]
    for facet in choice:
        aggregates.update(facet.aggregates())
    options = {}
    if YEAR in facets:
        aggregates["year_practices"] = Count("pk")
        aggregated, options[YEAR.param] = aggregate_by_year(practices, aggregates, "year_practices")
    else:
        aggregated = practices.aggregate(**aggregates) if aggregates else {}
    rows = places(practices) if by_place else []
    for facet in facets:
        if facet in choice:
            options[facet.param] = facet.counts_from(aggregated)
        elif facet in by_place:
            options[facet.param] = facet.counts_from(rows)
        elif facet is not YEAR:
            options[facet.param] = facet.counts(practices)
    return Counted(aggregated=aggregated, options=options)


def with_latest_follow_up(practices):
    """`latest_follow_up`: the date of each practice's latest follow-up, read by a subquery (a
    grouping would make a page of the list read every practice instead of walking its index)."""
    follow_ups = practices.model.follow_ups.rel.related_model.objects  # PracticeFollowUp
    latest = follow_ups.filter(page=OuterRef("pk")).order_by("-date").values("date")[:1]
    return practices.annotate(latest_follow_up=Subquery(latest))
