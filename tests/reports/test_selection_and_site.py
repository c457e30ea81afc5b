"""A data block's saved selection is the catalogue's query string, checked by the catalogue's own
filters; the reports are in the sitemap and the site search."""

import pytest
from django.core.exceptions import ValidationError

from practices.reports.blocks import SelectionBlock
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("pasted", "saved"),
    [
        ("", ""),
        ("device=budget-participatif", "device=budget-participatif"),
        (
            "https://example.org/bonnes-pratiques/?band=3500-19999&commune=59350&page=2",
            "band=3500-19999&commune=59350",
        ),
        ("/bonnes-pratiques/?theme=cadre-de-vie&q=jeunes", "theme=cadre-de-vie&q=jeunes"),
    ],
)
def test_a_selection_is_saved_as_the_catalogue_query_string(demo_site, pasted, saved):
    assert SelectionBlock().clean(pasted) == saved


@pytest.mark.parametrize(
    "pasted", ["device=inconnu", "commune=00000", "couleur=bleu", "year=1800&device=consultation"]
)
def test_a_selection_the_catalogue_would_ignore_is_refused_in_french(demo_site, pasted):
    with pytest.raises(ValidationError) as error:
        SelectionBlock().clean(pasted)
    assert "Filtres inconnus du catalogue" in error.value.messages[0]


def test_the_reports_are_in_their_sitemap_section(client, report):
    xml = sitemap_xml(client)
    assert "/sitemap/rapports.xml" in client.get("/sitemap.xml").content.decode()
    assert report.full_url in xml


def test_the_site_search_finds_the_report(client, report):
    html = client.get("/recherche/", {"q": "premier rapport"}).content.decode()
    assert report.url in html
