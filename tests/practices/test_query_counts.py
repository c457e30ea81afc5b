"""The catalogue, its statistics and its exports run the same number of queries with 20 and with
200 practices (ten pages of the catalogue). The figures include Wagtail's own (page routing,
the site, its settings, the menu, the home page's children and the view restrictions
are kept by cms/sitewide.py): the catalogue page's content, one query; the rest is the
catalogue's (one statement for the total and every inactive facet, one query per active facet,
the page of rows with its device types, the renditions of its images). The whole catalogue's
exports are served from a stored file: routing only (practices/export_files.py)."""

import pytest

from tests.factories.practices import bulk_create_practices

pytestmark = pytest.mark.django_db

QUERIES = {
    "/bonnes-pratiques/": 4,
    "/bonnes-pratiques/?device=budget-participatif&band=3500-19999": 6,
    # Two validation queries (commune, EPCI) and one count per active facet.
    "/bonnes-pratiques/?epci=Métropole+Européenne+de+Lille&commune=59350&q=masse&page=2": 8,
    "/bonnes-pratiques/statistiques/": 3,
    "/bonnes-pratiques/statistiques/?theme=budget": 3,
    "/bonnes-pratiques/export/csv/?status=en-cours": 5,
    "/bonnes-pratiques/export/json/?theme=budget": 5,
    "/bonnes-pratiques/export/csv/": 1,
    "/bonnes-pratiques/export/json/": 1,
}


def consume(response):
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("size", [20, 200])
def test_query_counts_do_not_grow(client, index, communes, size, django_assert_num_queries):
    bulk_create_practices(index, size, list(communes.values()))
    client.get("/")  # creates the new site's settings row, a site-wide change (cms/sitewide.py)
    for url, expected in QUERIES.items():
        consume(client.get(url))  # warm the site caches
        with django_assert_num_queries(expected):
            response = consume(client.get(url))
        assert response.status_code == 200
    # The 200 practices are all there: the counts are not constant because the data is small.
    assert client.get("/bonnes-pratiques/").context["total"] == size
