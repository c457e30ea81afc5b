"""What a page reads besides its SQL queries: no rendition through Wagtail's renditions cache,
and the sites' root paths (also from the cache) once per request."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail_factories import ImageFactory

from practices.models import PracticePage
from press.models import PressContact, PressIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_urls(demo_site):
    """Every live page of the demo content and the pages that apps route themselves."""
    press_index = PressIndexPage.objects.get()
    practice = PracticePage.objects.live().select_related("commune").first()
    return [page.url for page in Page.objects.live().filter(depth__gt=1)] + [
        press_index.url + "contacts/",
        "/bonnes-pratiques/statistiques/",
        "/bonnes-pratiques/?theme=budget",
        "/bonnes-pratiques/export/csv/",
        "/bonnes-pratiques/export/json/",
        reverse("communes:index"),
        reverse("communes:profile", args=[practice.commune.insee_code]),
        reverse("search") + "?q=participation",
    ]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)


def test_every_page_reads_the_renditions_it_shows_with_its_own_queries(client, demo_urls):
    """Wagtail writes to its renditions cache each rendition it had to look up for an image whose
    renditions the page did not read beforehand (cms.renditions): one cache round trip per image,
    and a query when the cache has lost it."""
    rendition_model = get_image_model().get_rendition_model()
    for contact in PressContact.objects.all():  # shown by releases, partners, the contacts page
        contact.photo = ImageFactory(file__width=400, file__height=400)
        contact.save()
    for url in demo_urls:
        get(client, url)  # every rendition made
    looked_up = {}
    for url in demo_urls:
        cache.clear()
        get(client, url)
        renditions = rendition_model.objects.select_related("image")
        specs = [r.filter_spec for r in renditions if cache.get(r.get_cache_key()) is not None]
        if specs:
            looked_up[url] = specs
    assert looked_up == {}


def test_every_page_reads_the_sites_root_paths_once(client, demo_urls, monkeypatch):
    """Wagtail keeps the sites' root paths, read from the cache, on the request that a page's URL
    is asked with (`pageurl`, `get_url(request)`); a URL asked without it reads them again."""
    reads = []
    read = Site.get_site_root_paths
    monkeypatch.setattr(
        Site, "get_site_root_paths", staticmethod(lambda: reads.append(1) or read())
    )
    read_again = {}
    for url in demo_urls:
        reads.clear()
        get(client, url)
        if len(reads) > 1:
            read_again[url] = len(reads)
    assert read_again == {}
