"""Redis out of reach is a cache miss: the site keeps serving, sessions and forms keep working."""

import pytest

from press.mailing.models import Subscriber
from tests.quality.public_urls import page_type_urls

pytestmark = pytest.mark.django_db

NON_PAGE_URLS = [
    "/recherche/?q=participation",
    "/sitemap.xml",
    "/robots.txt",
    "/liste-presse/abonnement/",
    "/bonnes-pratiques/proposer/",
]


def test_every_public_page_type_answers_200_and_the_outage_is_logged_once(
    client, demo_site, redis_down, caplog
):
    urls = page_type_urls()
    pages = [url.path for url in urls if url.label.count(":") == 1] + NON_PAGE_URLS
    routes = [url.path for url in urls if url.label.count(":") == 2 and not url.converters]
    assert len(pages) >= 10
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Cache" not in response  # nothing could be stored
    for url in routes:  # PDF, feeds, vCards…: what a route answers for this page, never a 500
        assert client.get(url).status_code < 500, url
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
