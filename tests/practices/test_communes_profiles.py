"""Commune profiles (`/communes/<code INSEE>/`) and their index (`/communes/`)."""

import re
from decimal import Decimal

import pytest
from wagtail.models import PageViewRestriction

from practices.models import Commune
from tests.browser import axe_violations
from tests.factories.practices import CommuneFactory, PracticePageFactory, bulk_create_practices
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

BUDGET = "budget-participatif"
QUARTER = "conseil-de-quartier"


@pytest.fixture
def compared(index):
    """Four communes: A, B, C of the 3,500–19,999 band; A, B, D of one EPCI."""
    epci = "Communauté de communes de l'Exemple"
    communes = {
        "a": CommuneFactory(insee_code="59901", name="Àbeville-Nord", population=5_000,
                            epci_name=epci, postcodes="59910"),
        "b": CommuneFactory(insee_code="59902", name="Bœuf-sur-Lys", population=6_000,
                            epci_name=epci, postcodes="59920,59921"),
        "c": CommuneFactory(insee_code="59903", name="Cerfontaine", population=4_000,
                            epci_name="Autre EPCI"),
        "d": CommuneFactory(insee_code="59904", name="Dunes", population=100_000, epci_name=epci),
    }  # fmt: skip
    for key, devices in (("a", [BUDGET]), ("a", [BUDGET, QUARTER]), ("b", [QUARTER]),
                         ("c", [QUARTER]), ("d", [BUDGET])):  # fmt: skip
        PracticePageFactory(parent=index, commune=communes[key], device_types=devices)
    # Neither a draft nor a restricted practice counts.
    draft = PracticePageFactory(parent=index, commune=communes["b"], device_types=[BUDGET])
    draft.unpublish()
    hidden = PracticePageFactory(parent=index, commune=communes["b"], device_types=[BUDGET])
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    return communes


def test_profile_lists_the_practices_and_compares(client, compared):
    response = client.get("/communes/59901/")
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.practices == 2
    assert comparison.devices == [("Budget participatif", 2), ("Conseil de quartier", 1)]
    commune, band, epci = comparison.groups
    assert (commune.communes, commune.population, commune.practices) == (1, 5_000, 2)
    assert commune.practices_per_10000 == 4
    # The band: A, B, C — 4 practices for 15,000 inhabitants.
    assert (band.communes, band.population, band.practices) == (3, 15_000, 4)
    assert band.detail == "De 3 500 à 19 999 habitants"
    assert round(band.practices_per_10000, 2) == Decimal("2.67")
    assert round(band.share(BUDGET)) == 33  # A
    assert band.share(QUARTER) == 100  # A, B and C
    # The EPCI: A, B, D.
    assert (epci.communes, epci.population, epci.practices) == (3, 111_000, 4)
    assert epci.devices == {**epci.devices, BUDGET: 2, QUARTER: 2}
    html = response.content.decode()
    assert html.count('class="practice-card"') == 2
    assert "<h1>Àbeville-Nord</h1>" in html
    assert "Communauté de communes de l&#x27;Exemple" in html
    assert "2,7" in html  # French decimals
    assert "111\u202f000" in html or "111\xa0000" in html  # French thousands
    assert "33&nbsp;%" in html


def test_profile_links_to_the_census_form_with_the_commune_chosen(client, compared):
    html = client.get("/communes/59901/").content.decode()
    link = re.search(r'href="([^"]+)">Signaler une pratique de votre commune<', html)[1]
    assert link == "/bonnes-pratiques/proposer/?commune=59901"
    form = client.get(link).content.decode()
    selected = re.findall(r'<option value="(\d+)" selected>', form)
    assert selected == [str(compared["a"].pk)]
    # A code matching no commune, or a malformed one, chooses nothing.
    for code in ("00000", "5990\x00", "5" * 10_000):
        form = client.get("/bonnes-pratiques/proposer/", {"commune": code}).content.decode()
        assert re.findall(r'<option value="(\d+)" selected>', form) == []


def test_a_commune_without_practices_has_its_page(client, index, small_commune):
    response = client.get("/communes/59901/")
    assert response.status_code == 200
    assert response.context["comparison"].practices == 0
    assert "Aucune pratique de cette commune n'est publiée" in response.content.decode()


def test_a_site_without_catalogue_still_shows_the_commune(client, site_home, small_commune):
    response = client.get("/communes/59901/")
    assert response.status_code == 200
    assert response.context["comparison"].practices == 0


@pytest.mark.parametrize(
    "path",
    ["/communes/00000/", "/communes/ABCDE/", f"/communes/{'5' * 10_000}/", "/communes/59350%00/"],
)
def test_an_unknown_code_is_a_404(client, index, communes, path):
    assert client.get(path).status_code == 404


def test_index_searches_names_and_postcodes_without_accents_or_case(client, index, compared):
    def names(query):
        response = client.get("/communes/", {"q": query})
        assert response.status_code == 200
        return [commune.name for commune in response.context["communes"]]

    assert names("") == ["Àbeville-Nord", "Bœuf-sur-Lys", "Cerfontaine", "Dunes"]
    assert names("ABEVILLE nord") == ["Àbeville-Nord"]
    assert names("boeuf") == names("BŒUF") == ["Bœuf-sur-Lys"]
    assert names("59921") == ["Bœuf-sur-Lys"]
    assert names("5991") == ["Àbeville-Nord"]
    assert names("introuvable") == []
    html = client.get("/communes/", {"q": "boeuf"}).content.decode()
    assert '<a href="/communes/59902/">Bœuf-sur-Lys</a>' in html
    assert 'role="search"' in html and 'name="q" value="boeuf"' in html


def test_index_counts_published_practices_and_paginates(client, index, compared):
    counts = {c.name: c.practice_count for c in client.get("/communes/").context["communes"]}
    assert counts == {"Àbeville-Nord": 2, "Bœuf-sur-Lys": 1, "Cerfontaine": 1, "Dunes": 1}
    for number in range(60):
        CommuneFactory(insee_code=f"62{number:03d}", name=f"Zed {number:02d}")
    second = client.get("/communes/", {"page": "2"})
    assert [c.name for c in second.context["communes"]][-1] == "Zed 59"
    assert 'rel="prev"' in second.content.decode()
    assert client.get("/communes/", {"page": "abc"}).context["page_obj"].number == 1
    assert client.get("/communes/", {"page": "99"}).status_code == 404


def test_every_commune_is_in_the_sitemap(client, index, communes):
    xml = sitemap_xml(client)
    for code in communes:
        assert f"http://testserver/communes/{code}/</loc>" in xml
    assert "http://testserver/communes/59350/" in xml


# The commune, the site and its sections (menu), the site's settings, then the profile's own: the
# comparison's three aggregates, the practices with their device types (and the renditions of
# their lead images, which these have not). An index: its count, then its page of communes.
QUERIES = {"/communes/59350/": 9, "/communes/59999/": 8, "/communes/": 5, "/communes/?q=lille": 5}


@pytest.mark.parametrize("size", [20, 200])
def test_query_counts_do_not_grow(client, index, communes, size, django_assert_num_queries):
    Commune.objects.create(insee_code="59999", name="Sans-Pratique", population=300)
    bulk_create_practices(index, size, list(communes.values()))
    for url, expected in QUERIES.items():
        client.get(url)  # warm the site caches
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
    lille = client.get("/communes/59350/").context["comparison"]
    assert lille.practices == size // len(communes) + (size % len(communes) > 0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the live server needs committed data
def test_no_wcag_violation_on_the_commune_and_archive_pages(demo_site_url, browser, axe_source):
    without_practices = Commune.objects.filter(practices__isnull=True).first()
    paths = [
        "/communes/",
        "/communes/?q=villeneuve",
        "/communes/59350/",
        f"/communes/{without_practices.insee_code}/",
        "/bonnes-pratiques/export/archives/",
    ]
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    report = {}
    for path in paths:
        page.goto(demo_site_url + path)
        report[path] = axe_violations(page, axe_source)
    context.close()
    assert report == {path: [] for path in paths}
