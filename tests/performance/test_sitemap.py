"""The sitemap: an index of section files, each paginated; every public page exactly once."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from cms import sitemaps
from press.models import PressIndexPage, PressReleasePage
from tests.factories.press import PressReleasePageFactory
from tests.sitemaps import sitemap_files, sitemap_xml

pytestmark = pytest.mark.django_db


def locations(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


@pytest.fixture
def small_files(monkeypatch):
    """Files of three URLs, so that the demo content spans several of them."""
    monkeypatch.setattr(sitemaps.PageSitemap, "limit", 3)


def test_index_lists_paginated_section_files(client, press_site, small_files):
    files = sitemap_files(client)
    releases = PressReleasePage.objects.live().count()
    release_files = [path for path in files if path.startswith("/sitemap/communiques.xml")]
    assert len(release_files) == -(-releases // 3) > 1
    assert release_files[:2] == ["/sitemap/communiques.xml", "/sitemap/communiques.xml?p=2"]
    assert {path.split("?")[0] for path in files} == {
        reverse("sitemap_section", args=[section]) for section in sitemaps.sections()
    }
    for path in files:
        assert len(locations(client.get(path).content.decode())) <= 3, path
    assert client.get("/sitemap/communiques.xml?p=999").status_code == 404
    assert client.get("/sitemap/inconnue.xml").status_code == 404


def test_every_public_page_exactly_once(client, press_site, small_files):
    press = PressIndexPage.objects.get()
    private = PressReleasePageFactory(parent=press, title="Communiqué réservé")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = PressReleasePageFactory(parent=press, live=False)

    found = locations(sitemap_xml(client))

    expected = {page.full_url for page in Page.objects.live().public().exclude(depth=1)}
    assert len(found) == len(set(found))  # no page twice
    assert expected <= set(found)
    assert private.full_url not in found
    assert draft.full_url not in found
    # Routes of routable pages listed on purpose; the commune profiles are no pages.
    extra = {url for url in set(found) - expected if "/communes/" not in url}
    assert {url.rsplit("/", 2)[-2] for url in extra} == {"statistiques"}


def test_index_gives_each_file_the_latest_change_of_its_section(client, press_site):
    newest = PressReleasePage.objects.live().order_by("-last_published_at").first()
    index = client.get(reverse("sitemap")).content.decode()
    entry = re.search(r"communiques\.xml</loc><lastmod>([^<]+)</lastmod>", index)
    assert entry.group(1) == newest.last_published_at.astimezone().isoformat()
    section = client.get(reverse("sitemap_section", args=["communiques"]))
    assert section["Last-Modified"]


def test_a_publication_reaches_the_cached_sitemap_at_once(client, press_site, page_cache):
    files = sitemap_files(client)
    for path in files:
        client.get(path)
        assert client.get(path)["X-Cache"] == "HIT", path

    release = PressReleasePageFactory(parent=PressIndexPage.objects.get(), live=False)
    release.save_revision().publish()

    assert release.full_url in locations(sitemap_xml(client))
    release.refresh_from_db()
    release.unpublish()
    assert release.full_url not in locations(sitemap_xml(client))


def test_page_sections_list_the_url_wagtail_gives_each_page():
    """A section of one page type writes each page's URL from its path (cms/sitemaps.py), which
    holds while the type keeps Wagtail's `get_sitemap_urls`; the other pages give their own."""
    sections = [
        section
        for section in sitemaps.sections().values()
        if issubclass(section, sitemaps.PageSitemap) and section is not sitemaps.OtherPagesSitemap
    ]
    assert sections
    for section in sections:
        assert section.model.get_sitemap_urls is Page.get_sitemap_urls, section
