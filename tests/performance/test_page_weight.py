"""Lean pages: each page type's HTML, CSS and JS weigh under 100 kB once compressed."""

import gzip
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from tests import snapshots
from tests.performance import content
from tests.performance.test_query_budgets import PAGES

pytestmark = pytest.mark.django_db  # ordered with the database tests, before any flush

LIMIT = 100 * 1024
NOT_HTML = {
    "robots",
    "sitemap",
    "sitemap file",
    "rss feed",
    "atom feed",
    "csv export",
    "json export",
}
HTML_PAGES = {name: url for name, url in PAGES.items() if name not in NOT_HTML}


class AssetParser(HTMLParser):
    """Stylesheets and scripts a browser would fetch before or while rendering."""

    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.assets.append(attrs.get("href"))
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])


def static_file(url):
    """The file behind a /static/ URL (hashed names stripped), read through the finders."""
    assert url.startswith(settings.STATIC_URL), f"third-party asset: {url}"
    path = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", url.removeprefix(settings.STATIC_URL))
    found = finders.find(path.split("?")[0])
    assert found, url
    with open(found, "rb") as file:
        return file.read()


@pytest.fixture(scope="module")
def responses(django_db_setup, django_db_blocker, demo_snapshot):
    """{page type: its response}, the content grown once for all page types."""
    client = Client()
    with snapshots.applied_outside_tests(demo_snapshot, django_db_blocker):
        content.grow(15)
        return {page_type: client.get(url_of()) for page_type, url_of in HTML_PAGES.items()}


@pytest.mark.parametrize("page_type", HTML_PAGES)
def test_page_weighs_under_100_kb_compressed(responses, page_type):
    response = responses[page_type]
    assert response.status_code == 200
    parser = AssetParser()
    parser.feed(response.content.decode())
    assets = [static_file(url) for url in dict.fromkeys(parser.assets)]
    weight = sum(len(gzip.compress(body)) for body in [response.content, *assets])
    assert weight < LIMIT, f"{page_type}: {weight} bytes compressed"
