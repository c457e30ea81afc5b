"""Database content built once per test session, then applied by each test that needs it.

Loading the demo content takes seconds (pages, revisions, images, PDFs) and a hundred tests use
it. `build` runs the loader once, keeps the rows it added or changed in plain tables of the same
database, and puts the database back as it was; `Snapshot.apply` writes those rows again in a
few statements inside the test's own transaction. The test sees what the loader produced, next
to what its earlier fixtures created, and its changes are rolled back as before.

A transactional test ends with a flush, after which Django rebuilds some of the migrations' rows
with other keys (content types, permissions): `save_migrations_rows` keeps those rows once, and
`restore_migrations_rows` writes them back with their keys, so that a snapshot applies there too.
"""

from contextlib import contextmanager

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from wagtail.models import Site

CHUNK = 500
MIGRATIONS_ROWS = "snapshot_migrations"


def _quote(name):
    return connection.ops.quote_name(name)


def _model_tables():
    """[(table, primary key column)] of every model table that exists."""
    existing = set(connection.introspection.table_names())
    tables = {
        model._meta.db_table: model._meta.pk.column
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in existing
    }
    return sorted(tables.items())


def _rows(cursor, table, pk):
    cursor.execute(f"SELECT {_quote(pk)}, * FROM {_quote(table)}")  # noqa: S608
    return {row[0]: row[1:] for row in cursor.fetchall()}


def _in(pk, keys):
    return f"{_quote(pk)} IN ({', '.join(['%s'] * len(keys))})"


def _chunks(keys):
    keys = list(keys)
    return [keys[start : start + CHUNK] for start in range(0, len(keys), CHUNK)]


def _copy(cursor, source, target, pk=None, keys=None):
    """Creates `target` with the rows of `source` (all, or those whose key is in `keys`)."""
    cursor.execute(f"DROP TABLE IF EXISTS {_quote(target)}")
    if keys is None:
        cursor.execute(f"CREATE TABLE {_quote(target)} AS SELECT * FROM {_quote(source)}")  # noqa: S608
        return
    cursor.execute(f"CREATE TABLE {_quote(target)} AS SELECT * FROM {_quote(source)} WHERE 1 = 0")  # noqa: S608
    for chunk in _chunks(keys):
        cursor.execute(
            f"INSERT INTO {_quote(target)} SELECT * FROM {_quote(source)} WHERE {_in(pk, chunk)}",  # noqa: S608
            chunk,
        )


def _replace(cursor, table, pk, stale, source, keys=None):
    """Deletes the `stale` rows of `table`, then inserts those of `source` (whose key is in
    `keys`, if given)."""
    for chunk in _chunks(stale):
        cursor.execute(f"DELETE FROM {_quote(table)} WHERE {_in(pk, chunk)}", chunk)  # noqa: S608
    if keys is None:
        cursor.execute(f"INSERT INTO {_quote(table)} SELECT * FROM {_quote(source)}")  # noqa: S608
        return
    for chunk in _chunks(keys):
        cursor.execute(
            f"INSERT INTO {_quote(table)} SELECT * FROM {_quote(source)} WHERE {_in(pk, chunk)}",  # noqa: S608
            chunk,
        )


class TableChange:
    """What the loader did to one table: rows it added or changed (kept in `copy`), and the
    keys whose rows it removed or changed."""

    def __init__(self, table, pk, copy, stale):
        self.table, self.pk, self.copy, self.stale = table, pk, copy, stale

    def apply(self, cursor):
        _replace(cursor, self.table, self.pk, self.stale, self.copy)


class Snapshot:
    def __init__(self, changes):
        self.changes = changes

    def apply(self):
        # Foreign keys are checked at the end of the transaction: the order does not matter.
        with transaction.atomic(), connection.cursor() as cursor:
            for change in self.changes:
                change.apply(cursor)
        _forget_cached_rows()


def _forget_cached_rows():
    """What signals would have dropped after these writes: site root paths, cached pages, ids."""
    cache.clear()
    ContentType.objects.clear_cache()


def save_migrations_rows():
    """Keeps a copy of every model table as the migrations left it."""
    with transaction.atomic(), connection.cursor() as cursor:
        for number, (table, _pk) in enumerate(_model_tables()):
            _copy(cursor, table, f"{MIGRATIONS_ROWS}_{number}")


def restore_migrations_rows():
    """Writes the migrations' rows back, with their keys, when a flush removed them (the default
    site is gone). Django's serialized rollback cannot be relied on for this: once Playwright's
    event loop runs in this thread, the connection object is a new one, without the serialized
    data."""
    if Site.objects.exists():
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for number, (table, _pk) in enumerate(_model_tables()):
            copy = f"{MIGRATIONS_ROWS}_{number}"
            cursor.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608
            cursor.execute(f"INSERT INTO {_quote(table)} SELECT * FROM {_quote(copy)}")  # noqa: S608
    _forget_cached_rows()


def build(name, load):
    """Runs `load` on the migrations' data and returns what it did as a Snapshot, leaving the
    database as before. Needs database access outside any test's transaction."""
    restore_migrations_rows()  # a transactional test may have flushed them
    tables = _model_tables()
    with transaction.atomic(), connection.cursor() as cursor:
        for number, (table, _pk) in enumerate(tables):
            _copy(cursor, table, f"snapshot_before_{number}")
    with transaction.atomic():
        load()
    changes = []
    with transaction.atomic(), connection.cursor() as cursor:
        for number, (table, pk) in enumerate(tables):
            before = f"snapshot_before_{number}"
            old, new = _rows(cursor, before, pk), _rows(cursor, table, pk)
            added = [key for key, row in new.items() if old.get(key) != row]
            stale = [key for key in old if key not in new or old[key] != new[key]]
            if added or stale:
                copy = f"snapshot_{name}_{number}"
                _copy(cursor, table, copy, pk, added)
                changes.append(TableChange(table, pk, copy, stale))
                _replace(cursor, table, pk, added, before, stale)  # undone
            cursor.execute(f"DROP TABLE {_quote(before)}")
    _forget_cached_rows()
    return Snapshot(changes)


@contextmanager
def applied_outside_tests(snapshot, django_db_blocker):
    """`snapshot` written in a transaction of its own, outside any test, and rolled back on
    leaving, as a test's changes are: for a module's fixture that builds on it once for all the
    module's tests. Those tests are to be marked `django_db`, so that pytest-django runs them
    before the transactional tests, whose flush empties the database."""
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            snapshot.apply()
            yield
            transaction.set_rollback(True)
    finally:
        cache.clear()  # what the pages read or stored, even if the fixture failed
