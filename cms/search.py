"""Site search over Wagtail's search index: title matches first, a bounded count.

Hand-written SQL, the one place in the project: Wagtail's database backend ranks every match and
counts them through a join on a text cast of the page id that no index serves, which the
benchmark measured as the slowest page of the site for a word found in nearly every page
(benchmarks/results/). This module reads the same index entries, matched and ranked as Wagtail does
(PostgreSQL: terms split on spaces and hyphens, all required, stemmed with the backend's
SEARCH_CONFIG, ts_rank with Wagtail's weights and title norm; SQLite: FTS5 and bm25), with
three differences:

- the pages whose title holds every term come first, then those that also need their body;
  the latter are ranked only when the page of results asked for reaches them;
- at most RESULTS_CAP results are counted and reachable (« plus de 1 000 résultats »), so a word
  found in every page costs the ranking of its title matches only;
- a page of results and the count come from one statement.

Only live pages without a view restriction, on them or on an ancestor, are found (Wagtail's
`live().public()`), the tree's root excepted.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.db import connection
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from cms.pagination import page_number as page_number_of

RESULTS_CAP = 1000

# One CTE per group of matches. PostgreSQL materializes each CTE read twice, and reads it only
# as far as asked: the body-only matches are counted up to the cap and ranked only when the
# requested page goes beyond the title matches (LIMIT 0 never runs its subquery).
STATEMENT = """
WITH {prelude}
title_hits AS ({title_hits}),
body_hits AS ({body_hits}),
title_count AS (SELECT COUNT(*) AS n FROM title_hits),
ranked AS (
    SELECT * FROM (
        SELECT 0 AS grp, id, score FROM title_hits ORDER BY score DESC, id DESC LIMIT %(end)s
    ) AS title_page
    UNION ALL
    SELECT * FROM (
        SELECT 1 AS grp, id, score FROM body_hits ORDER BY score DESC, id DESC
        LIMIT (SELECT {greatest}(%(end)s - n, 0) FROM title_count)
    ) AS body_page
),
total AS (
    SELECT CASE WHEN n > %(cap)s THEN %(cap)s + 1 ELSE n + (
        SELECT COUNT(*) FROM (
            SELECT 1 FROM body_hits LIMIT (SELECT {greatest}(%(cap)s + 1 - n, 0) FROM title_count)
        ) AS counted
    ) END AS n
    FROM title_count
)
SELECT total.n, results.id
FROM total LEFT JOIN (
    SELECT grp, id, score FROM ranked
    ORDER BY grp, score DESC, id DESC LIMIT %(limit)s OFFSET %(offset)s
) AS results ON 1 = 1
ORDER BY results.grp, results.score DESC, results.id DESC
"""

HITS = """
SELECT p.id, {score} AS score
FROM {source}
JOIN {page} p ON p.id = CAST(e.object_id AS INTEGER) AND p.content_type_id = e.content_type_id
WHERE e.content_type_id IN ({types}) AND {match}
AND p.live AND p.depth > 1 {unrestricted}
"""


@dataclass(frozen=True)
class Hits:
    page_ids: list[int]
    total: int  # matches counted up to RESULTS_CAP + 1, which means "more than the cap"


def find(query, offset, limit):
    """The ids of the pages ranked offset to offset + limit for `query`, and the count."""
    build = statement_builder()
    if build is None:
        return _with_wagtail(query, offset, limit)
    sql, params = build(query)
    if sql is None:
        return Hits([], 0)
    end = min(offset + limit, RESULTS_CAP)
    params.update(end=end, cap=RESULTS_CAP, limit=max(end - offset, 0), offset=offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return Hits([page_id for _, page_id in rows if page_id is not None], rows[0][0])


def statement_builder():
    """The function building this database's statement, or None where none can run."""
    if connection.vendor == "postgresql":
        return _postgres
    if connection.vendor == "sqlite" and fts5_available():
        return _sqlite
    return None


@cache
def fts5_available():
    from modelsearch.backends.database.sqlite.utils import fts5_available

    return fts5_available()


def _with_wagtail(query, offset, limit):
    """Where neither statement can run (a SQLite built without FTS5, in which case Wagtail
    falls back to a plain text search): Wagtail's own search, its order, the same cap."""
    results = Page.objects.live().public().exclude(depth__lte=1).search(query)
    end = min(offset + limit, RESULTS_CAP)
    page_ids = [page.pk for page in results[offset:end]] if end > offset else []
    return Hits(page_ids, min(results.count(), RESULTS_CAP + 1))


def unrestricted(params):
    """SQL: the page `p` is not below a view restriction (as Wagtail's `public()` reads the
    restrictions first, then excludes their branches). Adds the paths to `params`."""
    conditions = []
    paths = PageViewRestriction.objects.values_list("page__path", flat=True).distinct()
    for index, path in enumerate(paths):
        params[f"restricted_{index}"] = path
        conditions.append(f"AND SUBSTR(p.path, 1, {len(path)}) <> %(restricted_{index})s")
    return " ".join(conditions)


def _statement(prelude, source, title_match, body_match, score, greatest, params):
    page_types = get_descendants_content_types_pks(Page)
    quote = connection.ops.quote_name
    hits = {
        "source": source,
        "page": quote(Page._meta.db_table),
        "types": ", ".join(str(int(pk)) for pk in page_types),
        "score": score,
        "unrestricted": unrestricted(params),
    }
    return STATEMENT.format(
        prelude=prelude,
        title_hits=HITS.format(**hits, match=title_match),
        body_hits=HITS.format(**hits, match=body_match),
        greatest=greatest,
    )


def _postgres(query):
    from modelsearch.backends.database.postgres.weights import get_sql_weights

    # As Wagtail's PostgreSQL backend builds it: every term required, each a quoted lexeme
    # that to_tsquery stems (and drops when it is a stop word or has no letter).
    terms = [term for term in re.split(r"[\s\-]+", query) if term]
    if not terms:
        return None, {}
    lexemes = ("'{}'".format(term.replace("'", "''").replace("\\", "\\\\")) for term in terms)
    weights = "%(weights)s::float4[]"
    params = {
        "config": get_search_backend().config,
        "tsquery": " & ".join(lexemes),
        "weights": get_sql_weights(),
    }
    sql = _statement(
        prelude=(
            "q AS (SELECT to_tsquery(COALESCE(%(config)s::regconfig, get_current_ts_config()),"
            " %(tsquery)s) AS q),"
        ),
        source=f"q, {connection.ops.quote_name(IndexEntry._meta.db_table)} e",
        title_match="e.title @@ q.q",
        # Served by the GIN index on (title || body) of cms/migrations/0005.
        body_match="(e.title || e.body) @@ q.q AND NOT e.title @@ q.q",
        score=(
            f"ts_rank({weights}, e.title, q.q) * e.title_norm + ts_rank({weights}, e.body, q.q)"
        ),
        greatest="GREATEST",
        params=params,
    )
    return sql, params


def _sqlite(query):
    # As Wagtail's SQLite backend: every whitespace-separated term required, as an FTS5 phrase.
    # A term without a letter or digit would be an empty phrase, which FTS5 never matches.
    terms = [term for term in query.split() if re.search(r"\w", term)]
    if not terms:
        return None, {}
    phrases = " AND ".join('"{}"'.format(term.replace('"', '""')) for term in terms)
    fts = connection.ops.quote_name(f"{IndexEntry._meta.db_table}_fts")
    entry = connection.ops.quote_name(IndexEntry._meta.db_table)
    in_title = f"{{title}} : ({phrases})"
    params = {"in_title": in_title, "in_body_only": f"{{title body}} : ({phrases}) NOT {in_title}"}
    sql = _statement(
        prelude="",
        source=f"{fts} JOIN {entry} e ON e.id = {fts}.rowid",
        title_match=f"{fts} MATCH %(in_title)s",
        body_match=f"{fts} MATCH %(in_body_only)s",
        # bm25 is lower for better matches; Wagtail orders by bm25 * (title_norm + 1).
        score=f"-bm25({fts}) * (e.title_norm + 1)",
        greatest="MAX",
        params=params,
    )
    return sql, params


class SearchResults:
    """The pages matching a query, as Django's Paginator reads them: a count, then a slice.

    Both come from one statement, run for the slice of the page number asked for; another slice
    (a number out of range, which the paginator replaces by the last page) costs another one.
    """

    def __init__(self, query, page_number, per_page):
        self.query = query
        self.per_page = per_page
        self.cap = RESULTS_CAP
        last_offset = (self.cap - 1) // per_page * per_page
        self._expected_offset = min((page_number_of(page_number) - 1) * per_page, last_offset)
        self._hits = {}

    def _fetch(self, offset):
        if offset not in self._hits:
            self._hits[offset] = find(self.query, offset, self.per_page)
        return self._hits[offset]

    def _total(self):
        if not self._hits:
            self._fetch(self._expected_offset)
        return next(iter(self._hits.values())).total

    def count(self):
        return min(self._total(), self.cap)

    @property
    def more_than_cap(self):
        return self._total() > self.cap

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        ids = self._fetch(window.start).page_ids[: window.stop - window.start]
        pages = Page.objects.in_bulk(ids)
        return [pages[page_id] for page_id in ids if page_id in pages]
