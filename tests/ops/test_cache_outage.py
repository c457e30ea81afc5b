"""Redis out of reach is a cache miss: the site keeps serving, sessions and forms keep working."""

import logging

import pytest
from django.test import override_settings

from press.mailing.models import Subscriber
from tests.ops.conftest import free_port, settings_of
from tests.quality.public_urls import page_type_urls

pytestmark = pytest.mark.django_db

NON_PAGE_URLS = [
    "/recherche/?q=participation",
    "/sitemap.xml",
    "/robots.txt",
    "/liste-presse/abonnement/",
    "/bonnes-pratiques/proposer/",
]


@pytest.fixture(scope="module")
def production_with_redis_down():
    """Production's cache and session settings with REDIS_URL on a port nothing listens on."""
    prod = settings_of(
        "cms.settings.production",
        ["CACHES", "SESSION_ENGINE", "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS"],
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
    )
    assert prod.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    return prod


@pytest.fixture
def redis_down(production_with_redis_down):
    prod = production_with_redis_down
    throttle = logging.getLogger("django_redis.cache").filters[0]
    throttle.last_emitted.clear()
    with override_settings(
        CACHES=prod.CACHES,
        SESSION_ENGINE=prod.SESSION_ENGINE,
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=prod.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS,
        PAGE_CACHE_ENABLED=True,
    ):
        yield


def public_urls():
    return [url.path for url in page_type_urls() if not url.converters] + NON_PAGE_URLS


def test_every_public_page_type_answers_200_and_the_outage_is_logged_once(
    client, demo_site, redis_down, caplog
):
    urls = public_urls()
    assert len(urls) >= 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Cache" not in response  # nothing could be stored
    ignored = [record for record in caplog.records if record.name == "django_redis.cache"]
    assert len(ignored) == 1
    assert "ConnectionError" in ignored[0].exc_text


def test_subscribing_still_works_and_the_rate_limit_fails_open(
    client, demo_site, redis_down, mailoutbox, caplog
):
    for number in range(7):  # more than the limit of 5 an hour: nothing can count them
        response = client.post(
            "/liste-presse/abonnement/",
            {
                "email": f"journaliste{number}@media.example",
                "name": "Claire Martin",
                "outlet": "La Voix du Nord",
                "consent": "on",
                "source": "/presse/",
            },
        )
        assert response.status_code == 302
    assert Subscriber.objects.count() == 7
    assert len(mailoutbox) == 7
    not_counted = [record for record in caplog.records if record.name == "cms.ratelimit"]
    assert len(not_counted) <= 1  # once a minute at most


def test_sessions_live_in_the_database_when_redis_is_down(client, redis_down, django_user_model):
    django_user_model.objects.create_superuser("redaction", "r@example.org", "mot-de-passe-1")
    response = client.post("/admin/login/", {"username": "redaction", "password": "mot-de-passe-1"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
