"""The catalogue, its statistics and its exports run the same number of queries with 20 and with
200 practices (ten pages of the catalogue). The figures include the site's own: the routing to
the catalogue (the site, its sections — the menu — among which the catalogue is found, then
the catalogue read as its own type) and the site's settings. The catalogue's own: the
practices it leaves out (drafts, private: the counts read the practice table alone), one
aggregate for the total and the choice facets (active or not) grouped by year (the year
facet's counts), one grouping by commune, one each for device types and themes, one more per
other active facet (and one validation for a commune or EPCI filter), the page of rows with
their device types and lead images. The whole catalogue's exports are served from a stored
file: routing only (practices/export_files.py)."""

import pytest

from tests.factories.practices import bulk_create_practices

pytestmark = pytest.mark.django_db

QUERIES = {
    "/bonnes-pratiques/": 11,
    "/bonnes-pratiques/?device=budget-participatif&band=3500-19999": 12,
    # Two validation queries (commune, EPCI) and one count per active facet.
    "/bonnes-pratiques/?epci=Métropole+Européenne+de+Lille&commune=59350&q=masse&page=2": 15,
    "/bonnes-pratiques/statistiques/": 11,
    "/bonnes-pratiques/statistiques/?theme=budget": 11,
    "/bonnes-pratiques/export/csv/?status=en-cours": 8,
    "/bonnes-pratiques/export/json/?theme=budget": 8,
    "/bonnes-pratiques/export/csv/": 4,
    "/bonnes-pratiques/export/json/": 4,
}


def consume(response):
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("size", [20, 200])
def test_query_counts_do_not_grow(client, index, communes, size, django_assert_num_queries):
    bulk_create_practices(index, size, list(communes.values()))
    client.get("/")  # creates the new site's settings row
    for url, expected in QUERIES.items():
        consume(client.get(url))  # warm the site caches
        with django_assert_num_queries(expected):
            response = consume(client.get(url))
        assert response.status_code == 200
    # The 200 practices are all there: the counts are not constant because the data is small.
    assert client.get("/bonnes-pratiques/").context["total"] == size
