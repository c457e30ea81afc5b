"""On PostgreSQL under xdist, the workers copy one migrated database instead of each migrating
its own.

Each worker would otherwise run every migration (Wagtail's core alone has 84) at the same time
as the others, on a machine with fewer cores than workers. The controller names a template
database for the run and drops what a killed run left (`pytest_configure_node` in
tests/conftest.py); the first worker to need a database migrates it while the others wait on a
file lock, then each copies it with `CREATE DATABASE … TEMPLATE`. The controller drops the
template when the run ends.
"""

from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import connection

from tests.locks import one_worker_at_a_time

WORKER_INPUT_KEY = "template_database"


def is_postgresql():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def new_template():
    """The name of the template database of this run, none of that name existing yet (a run
    that was killed leaves its own)."""
    template = f"test_{settings.DATABASES['default']['NAME']}_template"
    drop_template(template)
    return template


@contextmanager
def _maintenance_cursor():
    """A cursor on the server's `postgres` database, outside any transaction, as CREATE and
    DROP DATABASE require; its connection is closed on leaving."""
    db = settings.DATABASES["default"]
    conninfo = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"]}
    if db["PASSWORD"]:
        conninfo["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as maintenance:
        yield maintenance.cursor()


def _exists(cursor, name):
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def setup_from_template(template, verbosity):
    """The test database of this worker, copied from `template` (migrated first if no worker
    has done it yet), as pytest-django's `setup_databases` would leave it; returns what
    `teardown_databases` takes."""
    old_name = connection.settings_dict["NAME"]
    test_name = connection.settings_dict["TEST"]["NAME"]  # with the worker's suffix
    with one_worker_at_a_time(template), _maintenance_cursor() as cursor:
        if not _exists(cursor, template):
            connection.settings_dict["TEST"]["NAME"] = template
            connection.creation.create_test_db(verbosity, autoclobber=True, serialize=False)
            connection.close()  # a template must have no session open to be copied
            connection.settings_dict["TEST"]["NAME"] = test_name
        cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = test_name
    connection.close()
    # What transactional tests with serialized_rollback=True load back after their flush.
    connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return [(connection, old_name, True)]


def drop_template(template):
    with _maintenance_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
