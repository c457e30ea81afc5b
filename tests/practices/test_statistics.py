import pytest

from tests.practices.test_catalogue import practices  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["", "device=budget-participatif&band=3500-19999", "theme=cadre-de-vie", "q=budget"]
)
def test_statistics_totals_equal_the_catalogue(client, practices, query):  # noqa: F811
    catalogue = client.get(f"/bonnes-pratiques/?{query}")
    response = client.get(f"/bonnes-pratiques/statistiques/?{query}")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.total == catalogue.context["total"]
    charts = {chart.slug: chart for chart in figures.charts}
    # Each practice has one band and one start year: those charts add up to the total.
    assert charts["strates"].total == figures.total
    assert charts["annees"].total == figures.total
    device_counts = {
        option.label: option.count
        for facet in catalogue.context["facets"]
        if facet.param == "device" and "device" not in catalogue.context["selection"].values
        for option in facet.options
    }
    for bar in charts["dispositifs"].bars:
        if device_counts:
            assert bar.value == device_counts[bar.label]


def test_statistics_figures(client, practices):  # noqa: F811
    figures = client.get("/bonnes-pratiques/statistiques/").context["figures"]
    assert figures.total == 4
    assert figures.communes_total == 34  # Nord communes of the sample reference list
    assert figures.communes_covered == 4
    assert figures.participants == 4 * 120
    assert figures.participants_known == 4
    assert figures.budget == 4 * 24_000
    population = 12_900 + 236_234 + 14_900 + 2_300
    assert round(figures.euros_per_inhabitant, 4) == round(
        __import__("decimal").Decimal(96_000) / population, 4
    )


def test_statistics_charts_are_accessible_svg_with_tables(client, practices):  # noqa: F811
    html = client.get("/bonnes-pratiques/statistiques/").content.decode()
    assert html.count('role="img"') == 4
    assert html.count("<title id=") == 4 and html.count("<desc id=") == 4
    assert html.count("<table") == 4
    assert "Budget participatif\u00a0: 3." in html  # the description reads the values
    assert html.count("<h1") == 1


def test_statistics_without_any_practice(client, index):
    response = client.get("/bonnes-pratiques/statistiques/")
    assert response.status_code == 200
    assert response.context["figures"].total == 0
