import datetime
from decimal import Decimal

import pytest

from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db

ACCEPTANCE_URL = "/bonnes-pratiques/?device=budget-participatif&band=3500-19999"


@pytest.fixture
def practices(index, communes):
    def make(title, insee, devices, themes, status, level, year, **kwargs):
        return PracticePageFactory(
            parent=index,
            title=title,
            commune=communes[insee],
            device_types=devices,
            themes=themes,
            status=status,
            participation_level=level,
            start_date=datetime.date(year, 3, 1),
            **kwargs,
        )

    return {
        "seclin": make(
            "Budget des habitants de Seclin",
            "59560",
            ["budget-participatif"],
            ["budget"],
            "en-cours",
            "codecision",
            2022,
        ),
        "lille": make(
            "Plateforme et budget à Lille",
            "59350",
            ["budget-participatif", "plateforme-numerique"],
            ["numerique"],
            "termine",
            "consultation",
            2023,
        ),
        "bailleul": make(
            "Conseils de quartier de Bailleul",
            "59043",
            ["conseil-de-quartier"],
            ["cadre-de-vie"],
            "en-cours",
            "concertation",
            2021,
            summary="Des conseils de quartier élus, réunis chaque trimestre.",
        ),
        "cassel": make(
            "Budget participatif de Cassel",
            "59135",
            ["budget-participatif"],
            ["cadre-de-vie", "budget"],
            "en-projet",
            "codecision",
            2024,
        ),
        "draft": make(
            "Brouillon à Seclin",
            "59560",
            ["budget-participatif"],
            ["budget"],
            "en-cours",
            "codecision",
            2022,
            live=False,
        ),
    }


def titles(response):
    return {practice.title for practice in response.context["practices"]}


def counts(response, param):
    facet = next(facet for facet in response.context["facets"] if facet.param == param)
    return {option.value: option.count for option in facet.options if option.count}


def test_catalogue_lists_live_practices_only(client, practices):
    response = client.get("/bonnes-pratiques/")
    assert response.status_code == 200
    assert titles(response) == {
        "Budget des habitants de Seclin",
        "Plateforme et budget à Lille",
        "Conseils de quartier de Bailleul",
        "Budget participatif de Cassel",
    }
    assert response.context["total"] == 4
    assert counts(response, "device") == {
        "budget-participatif": 3,
        "plateforme-numerique": 1,
        "conseil-de-quartier": 1,
    }
    assert counts(response, "band") == {"3500-19999": 2, "80000-plus": 1, "1000-3499": 1}
    assert counts(response, "year") == {"2021": 1, "2022": 1, "2023": 1, "2024": 1}
    assert counts(response, "epci") == {
        "Métropole Européenne de Lille": 2,
        "Communauté de communes de Flandre Intérieure": 2,
    }


def test_acceptance_url_filters_and_counts(client, practices):
    response = client.get(ACCEPTANCE_URL)
    assert response.status_code == 200
    assert titles(response) == {"Budget des habitants de Seclin"}
    # Each facet counts the practices matching the *other* filters.
    assert counts(response, "device") == {"budget-participatif": 1, "conseil-de-quartier": 1}
    assert counts(response, "band") == {"3500-19999": 1, "80000-plus": 1, "1000-3499": 1}
    assert counts(response, "status") == {"en-cours": 1}
    html = response.content.decode()
    assert 'value="budget-participatif" checked' in html
    assert 'value="3500-19999" checked' in html
    assert "1 pratique" in html
    # The open-data links carry the same filter.
    assert "/bonnes-pratiques/export/csv/?device=budget-participatif&amp;band=3500-19999" in html


def test_values_of_one_facet_are_ored_and_facets_anded(client, practices):
    response = client.get(
        "/bonnes-pratiques/?device=conseil-de-quartier&device=plateforme-numerique"
    )
    assert titles(response) == {"Conseils de quartier de Bailleul", "Plateforme et budget à Lille"}
    response = client.get(
        "/bonnes-pratiques/?device=conseil-de-quartier&device=plateforme-numerique&status=termine"
    )
    assert titles(response) == {"Plateforme et budget à Lille"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=budget", {"Budget des habitants de Seclin", "Budget participatif de Cassel"}),
        ("level=concertation", {"Conseils de quartier de Bailleul"}),
        ("status=en-projet", {"Budget participatif de Cassel"}),
        ("year=2023", {"Plateforme et budget à Lille"}),
        ("commune=59043", {"Conseils de quartier de Bailleul"}),
        (
            "epci=Métropole Européenne de Lille",
            {"Budget des habitants de Seclin", "Plateforme et budget à Lille"},
        ),
        ("band=1000-3499", {"Budget participatif de Cassel"}),
        ("q=trimestre", {"Conseils de quartier de Bailleul"}),
        ("q=PLATEFORME budget", {"Plateforme et budget à Lille"}),
        ("q=plateforme&theme=budget", set()),
    ],
)
def test_each_filter(client, practices, query, expected):
    response = client.get(f"/bonnes-pratiques/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected
    assert response.context["total"] == len(expected)


def test_search_ignores_accents_and_ligatures(client, index, communes):
    PracticePageFactory(parent=index, title="Le cœur du débat", commune=communes["59378"])
    for query in ("coeur debat", "CŒUR", "Barœul", "marcq-en-baroeul"):
        assert titles(client.get("/bonnes-pratiques/", {"q": query})) == {"Le cœur du débat"}


def test_active_filters_can_be_removed_one_by_one(client, practices):
    response = client.get(ACCEPTANCE_URL + "&q=habitants")
    chips = response.context["chips"]
    assert [chip["label"] for chip in chips] == [
        "Budget participatif",
        "De 3 500 à 19 999 habitants",
        "habitants",
    ]
    assert chips[0]["querystring"] == "band=3500-19999&q=habitants"


@pytest.mark.parametrize(
    "query",
    [
        "device=inconnu",
        "device=budget-participatif%00",
        "band=999999&status=nope&level=",
        "year=abc&year=20233&year=-1",
        "commune=XXXXX&commune=99999",
        "epci=Nulle+part",
        "page=abc",
        "page=99999",
        "page=-1",
        "q=" + "x" * 10_000,
        "device=" + "a" * 10_000,
        "&".join(["device=budget-participatif"] * 500),
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ],
)
def test_bad_input_never_fails(client, practices, query):
    response = client.get(f"/bonnes-pratiques/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert response.context["total"] in (3, 4, 0)


def test_unknown_values_are_ignored(client, practices):
    response = client.get("/bonnes-pratiques/?device=inconnu&commune=99999&epci=Nulle+part&year=1")
    assert response.context["total"] == 4
    assert not response.context["chips"]


def test_pagination_twenty_per_page(client, index, communes):
    for number in range(25):
        PracticePageFactory(parent=index, title=f"Pratique {number:02d}", commune=communes["59350"])
    first = client.get("/bonnes-pratiques/")
    assert len(first.context["practices"]) == 20
    assert 'rel="next"' in first.content.decode()
    second = client.get("/bonnes-pratiques/?page=2")
    assert len(second.context["practices"]) == 5
    assert titles(first).isdisjoint(titles(second))
    assert len(client.get("/bonnes-pratiques/?page=abc").context["practices"]) == 20


def test_catalogue_has_one_h1_and_labelled_filters(client, practices):
    html = client.get("/bonnes-pratiques/").content.decode()
    assert html.count("<h1") == 1
    assert '<label for="practice-q">' in html
    assert "<legend>Type de dispositif</legend>" in html
    assert 'id="facet-device-1"' in html and 'for="facet-device-1"' in html


def test_map_of_communes_needs_neither_javascript_nor_network(client, practices):
    html = client.get("/bonnes-pratiques/?device=budget-participatif").content.decode()
    start = html.index('<details class="practice-map">')
    end = html.index("</details>", start)
    practice_map = html[start:end]
    assert practice_map.count("<circle") == 3  # Seclin, Lille, Cassel
    assert "Lille\u00a0: 1 pratique" in practice_map
    assert 'role="img"' in practice_map and "<script" not in practice_map
    assert "http" not in practice_map  # no tiles, no external resource


def test_no_map_without_coordinates(client, index):
    from tests.factories.practices import CommuneFactory

    commune = CommuneFactory(latitude=None, longitude=None)
    PracticePageFactory(parent=index, commune=commune)
    response = client.get("/bonnes-pratiques/")
    assert response.context["practice_map"] is None
    assert response.context["total"] == 1


def test_commune_names_are_escaped_in_the_map_and_the_filter(client, index):
    from tests.factories.practices import CommuneFactory

    commune = CommuneFactory(
        name='<b>Saint-"Amand"</b>', latitude=Decimal("50.4"), longitude=Decimal("3.4")
    )
    PracticePageFactory(parent=index, commune=commune)
    html = client.get("/bonnes-pratiques/").content.decode()
    escaped = "&lt;b&gt;Saint-&quot;Amand&quot;&lt;/b&gt;"
    assert "<b>" not in html
    assert f"<title>{escaped}\u00a0: 1 pratique</title></circle>" in html
    assert f"{escaped} (1)</option>" in html


def test_the_catalogue_links_to_the_communes_and_the_open_data_descriptions(client, index):
    html = client.get(index.url).content.decode()
    assert 'href="/communes/"' in html
    for route in ("export/datapackage.json", "export/archives/"):
        assert f'href="{index.url}{route}"' in html
        assert client.get(index.url + route).status_code == 200


def test_map_points_of_equal_counts_keep_one_order_whatever_the_database_order():
    from practices.filters import NamedCounts
    from practices.maps import practice_map

    rows = [("59350", "Lille", 2, 50.63, 3.06), ("59009", "Villeneuve-d'Ascq", 2, 50.62, 3.14)]

    def counts(rows):
        named = NamedCounts()
        for code, name, count, lat, lon in rows:
            named[code], named.names[code], named.points[code] = count, name, (lat, lon)
        return named

    as_read = [point.name for point in practice_map(counts(rows)).points]
    assert as_read == [point.name for point in practice_map(counts(rows[::-1])).points]
