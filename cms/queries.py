"""Query helpers shared by the apps."""

from django.db.models import BooleanField, Expression, F
from wagtail.models import Page, PageViewRestriction

from cms.sitewide import restricted_paths

UNRESTRICTED = (
    "NOT EXISTS (SELECT 1 FROM {restriction} cms_vr INNER JOIN {page} cms_vrp "
    "ON cms_vrp.{id} = cms_vr.{page_id} "
    "WHERE cms_vrp.{path} = SUBSTR({column}, 1, LENGTH(cms_vrp.{path})))"
)


def placeholders(values):
    """`%s, %s, …`: one query parameter per value, for hand-written SQL."""
    return ", ".join(["%s"] * len(values))


def unrestricted_sql(path_column, connection):
    """SQL: no view restriction on the page whose path is `path_column` (SQL), nor on one of
    its ancestors (whose path prefixes the page's).

    A condition that always holds while no page of the site is restricted (`restricted_paths()`,
    kept by each process until a restriction changes): PostgreSQL spent longer planning the
    subquery than running it."""
    if not restricted_paths():
        return "1 = 1"
    names = {
        "restriction": PageViewRestriction._meta.db_table,
        "page": Page._meta.db_table,
        "id": "id",
        "page_id": "page_id",
        "path": "path",
    }
    quoted = {key: connection.ops.quote_name(name) for key, name in names.items()}
    # Identifiers only: every value stays a query parameter.
    return UNRESTRICTED.format(**quoted, column=path_column)


class Unrestricted(Expression):
    """`unrestricted_sql` as an ORM condition on a page.

    One SQL string rather than an ORM subquery: the same SQL, but compiling a subquery costs
    about a millisecond of Python each time, and a page calls `public()` several times (menu,
    listings).
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, path=None):
        super().__init__()
        self.path = path if path is not None else F("path")

    def get_source_expressions(self):
        return [self.path]

    def set_source_expressions(self, exprs):
        (self.path,) = exprs

    def as_sql(self, compiler, connection):
        path_sql, params = compiler.compile(self.path)
        return unrestricted_sql(path_sql, connection), params


def public(pages):
    """`pages.public()` without its extra query.

    Wagtail's `PageQuerySet.public()` first loads every view restriction of the site, one more
    query each time it is called (menu, listings, counts…). This filter says the same in SQL.
    """
    return pages.filter(Unrestricted())
