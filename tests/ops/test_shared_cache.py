"""Production without Redis: one cache (the database's) shared by every process."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from wagtail.contrib.settings.registry import registry as settings_registry

from tests.ops.conftest import get, gunicorn, production_environment, settings_of

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the servers started by the test share its database: PostgreSQL only (CI runs it)",
)


def test_production_without_redis_uses_the_database_cache():
    prod = settings_of("cms.settings.production", ["CACHES"], REDIS_URL="")
    assert prod.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_invalidates_the_page_in_every_process(transactional_db, site_home):
    prod = settings_of("cms.settings.production", ["CACHES"], REDIS_URL="")
    env = production_environment(REDIS_URL="", PAGE_CACHE_ENABLED="1")
    for site_setting in settings_registry:  # created now, not by the first request (a change)
        site_setting.for_site(site_home.get_site())
    with override_settings(CACHES=prod.CACHES):
        call_command("createcachetable")
        caches["default"].clear()
        with gunicorn(env) as first, gunicorn(env) as second:
            status, headers, body = get(first + "/")
            assert (status, headers["X-Cache"]) == (200, "MISS")
            status, headers, body = get(second + "/")  # stored by the first process
            assert (status, headers["X-Cache"]) == (200, "HIT")
            assert b"Nouveau titre" not in body

            site_home.hero_heading = "Nouveau titre"
            site_home.save_revision().publish()  # in this process, a third one

            # The second process does not serve its own old copy: it has none, it serves the
            # new page the first one rendered after the publish.
            status, headers, body = get(first + "/")
            assert (status, headers["X-Cache"]) == (200, "MISS")
            assert b"Nouveau titre" in body
            status, headers, body = get(second + "/")
            assert (status, headers["X-Cache"]) == (200, "HIT")
            assert b"Nouveau titre" in body
