"""Faceted filters of the catalogue, shared by the list, the statistics and the exports.

GET parameters (combinable; repeat a parameter to select several values of one facet, which are
OR-ed; different facets are AND-ed): `device`, `theme`, `status`, `level`, `band` (vocabulary
slugs), `commune` (INSEE code), `epci` (EPCI name), `year` (start year), `q` (text).
Unknown or malformed values are ignored.

Each facet's counts are computed on the practices matching every *other* active filter. The
facets that are not active share the fully filtered set: the practices are read once, and all
of them are counted over it in one statement (`count_options`); each active facet costs one
more query. Constant whatever the number of practices.
"""

import re
from collections import namedtuple
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import CharField, Count, F, Q
from django.db.models.functions import Cast, ExtractYear
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cms.text import clean_query
from practices import vocabularies as vocab
from practices.models import INSEE_CODE_PATTERN, Commune, PracticePage
from practices.text import fold

MAX_VALUES = 30  # per parameter: longer lists are truncated
MAX_TERMS = 8  # words of the text query

# `count_options`: the table of the filtered practices, its key and commune columns, the names of
# the total's and the communes' rows, the padding of the other rows.
PRACTICES = "facet_practices"
PRACTICE = "facet_practice"
PLACE = "facet_commune"
PLACES = "places"
# The commune's name, latitude, longitude, EPCI and band of the communes' rows, empty (typed:
# PostgreSQL matches the types of UNION branches pairwise).
NO_PLACE = (
    "CAST(NULL AS VARCHAR), CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC), "
    "CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR)"
)
TOTAL = "total"

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
    by_place = False  # counted from the communes' rows of `count_options` (see PlaceFacet)

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

    @property
    def column(self):
        """This facet's column in `count_options`' table of the filtered practices."""
        return f"facet_{self.param}"

    def columns(self):
        """{column: expression} this facet counts on, for `count_options`."""
        return {self.column: F(self.lookup)}

    def count_sql(self, quote):
        """(SQL, params) of this facet's rows in `count_options`: option value, count."""
        column = f"{PRACTICES}.{quote(self.column)}"
        return (
            f"SELECT %s, {column}, COUNT(*), {NO_PLACE} FROM {PRACTICES} "  # noqa: S608 (names)
            f"WHERE {column} IS NOT NULL GROUP BY {column}",
            [self.param],
        )

    def counts_from_rows(self, rows):
        """Counts by option value from this facet's `count_options` rows."""
        return {value: total for value, total, *_ in rows}


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


Place = namedtuple("Place", "code total name latitude longitude epci band")


class PlaceFacet(Facet):
    """A facet on the practice's commune. `count_options` counts the practices by commune once
    for all of them: `counts_from_rows` then gets one `Place` row per commune."""

    by_place = True

    @staticmethod
    def sum_by(rows, attribute):
        """The communes' counts summed by one of their attributes (empty ones left out)."""
        counts = {}
        for place in map(Place._make, rows):
            value = getattr(place, attribute)
            if value:
                counts[value] = counts.get(value, 0) + place.total
        return counts


class BandFacet(PlaceFacet, ChoiceFacet):
    def counts_from_rows(self, rows):
        return self.sum_by(rows, "band")


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

    def columns(self):
        return {}

    def count_sql(self, quote):
        link, term = quote(self.link._meta.db_table), quote(self.term_column)
        return (
            f"SELECT %s, {link}.{term}, COUNT(*), {NO_PLACE} FROM {link} "  # noqa: S608 (names)
            f"INNER JOIN {PRACTICES} ON {link}.{quote('practicepage_id')} = "
            f"{PRACTICES}.{quote(PRACTICE)} GROUP BY {link}.{term}",
            [self.param],
        )

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

    def columns(self):
        # As text, like the other facets' values (they come back in the same column).
        return {self.column: Cast(ExtractYear("start_date"), CharField())}

    def counts_from_rows(self, rows):
        return {str(int(year)): total for year, total, *_ in rows}

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
    "commune__latitude",
    "commune__longitude",
)


class CommuneFacet(PlaceFacet):
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
        rows = (
            queryset.filter(commune__isnull=False)
            .values_list(*COMMUNE_COLUMNS)
            .annotate(total=Count("pk"))
            .order_by()
        )
        return self.counts_from_rows(
            Place(code, total, name, latitude, longitude, epci=None, band=None)
            for code, name, latitude, longitude, total in rows
        )

    def counts_from_rows(self, rows):
        """Counts by commune code, with names and coordinates."""
        communes = NamedCounts()
        for place in map(Place._make, rows):
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

    def validate(self, values):
        known = set(
            Commune.objects.filter(epci_name__in=values).values_list("epci_name", flat=True)
        )
        return [value for value in values if value in known]

    def apply(self, queryset, values):
        return queryset.filter(commune__epci_name__in=values)

    def counts_from_rows(self, rows):
        return self.sum_by(rows, "epci")

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
BAND = BandFacet(
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

    Queries: one statement for the total and every inactive facet (`count_options`), plus one
    per active facet, on the practices matching every other filter — constant whatever the
    number of practices.
    """
    filtered = selection.apply(base)
    inactive = [facet for facet in FACETS if facet.param not in selection.values]
    counted = count_options(filtered, inactive)
    counts = counted.options
    for facet in FACETS:
        if facet.param in selection.values:
            counts[facet.param] = facet.counts(selection.apply(base, exclude=facet))
    results = [
        FacetResult(
            facet,
            facet.options(counts[facet.param], selection.values.get(facet.param, [])),
            counts[facet.param],
        )
        for facet in FACETS
    ]
    return FacetedSearch(queryset=filtered, total=counted.total, facets=results)


# `count_options`: one aggregate of all the practices.
AGGREGATE_SQL = "SELECT %s, NULL, {aggregate}, " + NO_PLACE + " FROM " + PRACTICES  # noqa: S608
# The practices by commune, joined to the communes.
PLACES_SQL = (
    "SELECT %s, {commune}.{insee_code}, places.total, {commune}.{name}, {commune}.{latitude}, "
    "{commune}.{longitude}, {commune}.{epci_name}, {commune}.{population_band} "
    "FROM (SELECT {practices}.{place} AS place, COUNT(*) AS total FROM {practices} "
    "WHERE {practices}.{place} IS NOT NULL GROUP BY {practices}.{place}) places "
    "INNER JOIN {commune} ON {commune}.{id} = places.place"
)


@dataclass
class Counted:
    total: int  # the number of practices
    options: dict  # {facet param: {option value: number of practices}}
    sums: dict  # {name: (sum of the values, number of practices with a value)}


def count_options(practices, facets, sums=None):
    """The `Counted` practices: their number, the option counts of `facets` and the `sums`
    ({name: expression per practice}), in one statement.

    The practices are read once, into a common table expression holding only the columns the
    facets count on and the values summed; each facet then counts over it (a GROUP BY, or a join
    with its link table), the facets on the commune from one count per commune, and the rows
    come back together (UNION ALL). On 10,000 practices this reads the practices table once
    instead of once per facet.
    """
    connection = connections[practices.db]
    quote = connection.ops.quote_name
    own = [facet for facet in facets if not facet.by_place]
    by_place = [facet for facet in facets if facet.by_place]
    columns = {PRACTICE: F("pk")}
    for facet in own:
        columns.update(facet.columns())
    # Only quoted identifiers are written into the SQL; every value is a parameter.
    branches = [AGGREGATE_SQL.format(aggregate="COUNT(*)")]
    branch_params = [TOTAL]
    for facet in own:
        sql, facet_params = facet.count_sql(quote)
        branches.append(sql)
        branch_params.extend(facet_params)
    if by_place:
        columns[PLACE] = F("commune")
        names = ("insee_code", "name", "latitude", "longitude", "epci_name", "population_band")
        branches.append(
            PLACES_SQL.format(
                commune=quote(Commune._meta.db_table),
                practices=PRACTICES,
                place=quote(PLACE),
                id=quote("id"),
                **{name: quote(name) for name in names},
            )
        )
        branch_params.append(PLACES)
    sums = sums or {}
    for name, expression in sums.items():
        column = f"{PRACTICES}.{quote(f'sum_{name}')}"
        columns[f"sum_{name}"] = expression
        for function in ("SUM", "COUNT"):
            branches.append(AGGREGATE_SQL.format(aggregate=f"{function}({column})"))
            branch_params.append(f"{function}:{name}")
    body, params = practices.order_by().values(**columns).query.sql_with_params()
    rows = {TOTAL: [], PLACES: [], **{facet.param: [] for facet in own}}
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {PRACTICES} AS ({body}) " + " UNION ALL ".join(branches),
            [*params, *branch_params],
        )
        for param, *row in cursor.fetchall():
            rows.setdefault(param, []).append(row)
    options = {facet.param: facet.counts_from_rows(rows[facet.param]) for facet in own}
    for facet in by_place:
        options[facet.param] = facet.counts_from_rows(rows[PLACES])
    return Counted(
        total=rows[TOTAL][0][1],
        options=options,
        sums={name: (rows[f"SUM:{name}"][0][1], rows[f"COUNT:{name}"][0][1]) for name in sums},
    )
