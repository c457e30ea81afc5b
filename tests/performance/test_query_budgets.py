"""Every public page type renders in a small, constant number of SQL queries.

Each page is measured warm (second request: Wagtail's site root paths and the image renditions
already exist), with a little content and then with much more: the counts must be equal (no
query per item) and within the budget. The content grows once for all page types.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import PartnerPage
from practices.models import PracticePage
from press.models import PressIndexPage, PressReleasePage
from tests import snapshots
from tests.performance import content

pytestmark = pytest.mark.django_db  # ordered with the database tests, before any flush

BUDGET = 12
SMALL, LARGE = 10, 25


def busiest_partner():
    return max(PartnerPage.objects.live(), key=lambda partner: partner.release_links.count())


def newest_release():
    """The newest of the grown releases: all a release page shows (content.add_releases)."""
    grown = PressReleasePage.objects.live().filter(slug__startswith="communique-de-charge")
    return grown.order_by("-release_date").first()


def newest_practice():
    return PracticePage.objects.live().order_by("-pk").first()


def facets_of(practice):
    """Catalogue filtered on two facets that match this practice, whatever the data size."""
    theme = practice.themes.order_by("position").first()
    return f"/bonnes-pratiques/?theme={theme.slug}&level={practice.participation_level}"


def press_index():
    return PressIndexPage.objects.get()


PAGES = {
    "home": lambda: "/",
    "standard page": lambda: "/le-collectif/",
    "sitemap": lambda: reverse("sitemap"),
    "sitemap file": lambda: reverse("sitemap_section", args=["communiques"]),
    "robots": lambda: reverse("robots_txt"),
    "search": lambda: reverse("search") + "?q=communiqu%C3%A9",
    "press index": lambda: press_index().url,
    "press index, page 2": lambda: press_index().url + "?page=2",
    "press index filtered": lambda: press_index().url + "?topic=mesure&year=2016",
    "press release": lambda: newest_release().url,
    "rss feed": lambda: press_index().url + "rss/",
    "atom feed": lambda: press_index().url + "atom/",
    "press contacts": lambda: press_index().url + "contacts/",
    "partner index": lambda: "/partenaires/",
    "partner page": lambda: busiest_partner().url,
    "practice catalogue": lambda: "/bonnes-pratiques/",
    "practice catalogue, facets": lambda: facets_of(newest_practice()),
    "case study": lambda: newest_practice().url,
    "statistics": lambda: "/bonnes-pratiques/statistiques/",
    "csv export": lambda: "/bonnes-pratiques/export/csv/",
    "json export": lambda: "/bonnes-pratiques/export/json/",
}


def measure(client, url):
    assert client.get(url).status_code == 200, url  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:  # exports query while they stream
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


@pytest.fixture(scope="module")
def queries_at_two_sizes(django_db_setup, django_db_blocker, demo_snapshot):
    """{page type: (queries at the small size, queries at the large size)}."""
    client = Client()
    with snapshots.applied_outside_tests(demo_snapshot, django_db_blocker):
        content.grow(SMALL)
        small = {page_type: measure(client, url_of()) for page_type, url_of in PAGES.items()}
        content.grow(LARGE - SMALL)
        large = {page_type: measure(client, url_of()) for page_type, url_of in PAGES.items()}
    return {page_type: (small[page_type], large[page_type]) for page_type in PAGES}


@pytest.mark.parametrize("page_type", PAGES)
def test_query_budget(queries_at_two_sizes, page_type):
    small, large = queries_at_two_sizes[page_type]
    report = f"{len(small)} then {len(large)} queries:\n" + "\n".join(
        re.sub(r"SELECT .*? FROM", "SELECT … FROM", query)[:300] for query in large
    )
    assert len(large) == len(small), report
    assert len(large) <= BUDGET, report
