import pytest
from django.db import connection


@pytest.fixture(scope="session", autouse=True)
def migrations_data(django_db_setup, django_db_blocker):
    """The database contents right after the migrations (root page, site, groups, workflow).

    Taken when the first quality test starts: the non-transactional tests run first, before any
    browser test has started Playwright's event loop (see `serialized_rollback` in
    test_browser.py).
    """
    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized is None:
        with django_db_blocker.unblock():
            serialized = connection.creation.serialize_db_to_string()
    return serialized
