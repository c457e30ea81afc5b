import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import PARTNERS_PER_PAGE, PartnerKind, PartnerPage
from tests.factories.partners import PartnerPageFactory

pytestmark = pytest.mark.django_db

URL = "/partenaires/"


def titles(response):
    return [partner.title for partner in response.context["partners"]]


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_index_lists_both_demo_partners_with_logos(client, partner_index):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert 'href="/partenaires/empreintes-citoyennes/"' in html
    assert 'href="/partenaires/consultvox/"' in html
    assert "Association qui œuvre en faveur de la citoyenneté" in html
    assert "Partenaire depuis le 23 novembre 2023" in html
    assert html.count("<picture>") == 2
    assert html.count('type="image/avif"') == 2
    assert html.count('type="image/webp"') == 2
    assert re.search(r'<img [^>]*height="\d+"[^>]*loading="lazy"[^>]*width="\d+"', html)


def test_index_orders_newest_partnership_first_unknown_dates_last(client, partner_index):
    PartnerPageFactory(parent=partner_index, title="Ancien", partner_since="2021-05-01")
    PartnerPageFactory(parent=partner_index, title="Récent", partner_since="2024-02-01")
    response = client.get(URL)
    assert titles(response) == ["Récent", "Empreintes Citoyennes", "Ancien", "ConsultVox"]


def test_index_hides_draft_and_private_partners(client, partner_index):
    draft = PartnerPageFactory(parent=partner_index, title="Brouillon")
    draft.unpublish()
    response = client.get(URL)
    assert "Brouillon" not in titles(response)


def test_kind_filter_keeps_only_that_kind_and_marks_the_choice(client, partner_index):
    response = client.get(URL, {"kind": PartnerKind.COMPANY})
    assert response.status_code == 200
    assert titles(response) == ["ConsultVox"]
    html = response.content.decode()
    assert '<a href="/partenaires/?kind=entreprise" aria-current="true">' in html
    assert '<a href="/partenaires/" aria-current="true">' not in html


def test_filter_links_work_without_javascript(client, partner_index):
    html = client.get(URL).content.decode()
    assert '<a href="/partenaires/" aria-current="true">Tous</a>' in html
    assert '<a href="/partenaires/?kind=association">Association</a>' in html
    # Only the kinds somebody has are offered.
    assert "?kind=media" not in html


@pytest.mark.parametrize(
    "query",
    [
        "kind=inconnu",
        "kind=",
        "kind=" + "a" * 10_000,
        "kind=%00",
        "kind=%3Cscript%3Ealert(1)%3C/script%3E",
        "kind[]=association",
    ],
)
def test_bad_kind_lists_every_partner(client, partner_index, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["ConsultVox", "Empreintes Citoyennes"]
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "a" * 200 not in html


def test_repeated_kind_takes_the_last_value(client, partner_index):
    response = client.get(f"{URL}?kind=inconnu&kind=association")
    assert response.status_code == 200
    assert titles(response) == ["Empreintes Citoyennes"]


def test_index_json_ld_lists_organizations(client, partner_index):
    (data,) = json_ld(client.get(URL).content.decode())
    assert data["@type"] == "ItemList"
    items = [element["item"] for element in data["itemListElement"]]
    assert {item["@type"] for item in items} == {"Organization"}
    assert [item["name"] for item in items] == ["Empreintes Citoyennes", "ConsultVox"]
    assert all(item["logo"].startswith("http") for item in items)


def test_index_json_ld_cannot_be_closed_by_content(client, partner_index):
    PartnerPageFactory(
        parent=partner_index, title="</script><script>alert(1)</script>", summary="<!-- & -->"
    )
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    (data,) = json_ld(html)
    names = [element["item"]["name"] for element in data["itemListElement"]]
    assert "</script><script>alert(1)</script>" in names


def _queries(client, url):
    client.get(url)  # first view generates the new logos' renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?kind=association"])
def test_index_query_count_does_not_grow_with_partners(
    client, partner_index, django_assert_num_queries, query
):
    PartnerPageFactory(parent=partner_index)  # 2 demo partners + 1
    assert PartnerPage.objects.live().count() == 3
    expected = _queries(client, URL + query)

    for _ in range(12):
        PartnerPageFactory(parent=partner_index)
    assert PartnerPage.objects.live().count() == 15
    client.get(URL + query)
    with django_assert_num_queries(expected):
        response = client.get(URL + query)
    assert len(response.context["partners"]) == PARTNERS_PER_PAGE  # a full page
    assert response.context["page_obj"].paginator.count >= 13


def test_index_is_paginated_and_keeps_the_kind_filter(client, partner_index):
    for day in range(1, PARTNERS_PER_PAGE + 1):  # with the 2 demo partners: two pages
        PartnerPageFactory(
            parent=partner_index, title=f"Nouveau {day:02}", partner_since=f"2030-01-{day:02}"
        )
    response = client.get(URL)
    assert titles(response) == [f"Nouveau {day:02}" for day in range(PARTNERS_PER_PAGE, 0, -1)]
    html = response.content.decode()
    assert f"{PARTNERS_PER_PAGE + 2} partenaires" in html  # all of them, not this page's
    assert '<nav class="pagination" aria-label="Pagination">' in html
    assert "Page 1 sur 2" in html
    assert '<a href="?page=2" rel="next">Page suivante</a>' in html
    (data,) = json_ld(html)
    assert data["itemListElement"][0]["position"] == 1

    response = client.get(URL + "?page=2")
    assert titles(response) == ["Empreintes Citoyennes", "ConsultVox"]
    (data,) = json_ld(response.content.decode())
    positions = [element["position"] for element in data["itemListElement"]]
    assert positions == [PARTNERS_PER_PAGE + 1, PARTNERS_PER_PAGE + 2]
    assert client.get(URL + "?page=3").status_code == 404

    response = client.get(URL, {"kind": PartnerKind.COMPANY})
    assert titles(response) == ["ConsultVox"]
    html = response.content.decode()
    assert '<p class="partner-index__count">1 partenaire</p>' in html  # of this kind
    assert 'class="pagination"' not in html
    html = client.get(URL, {"kind": PartnerKind.ASSOCIATION}).content.decode()
    assert '<a href="?kind=association&amp;page=2" rel="next">' in html
