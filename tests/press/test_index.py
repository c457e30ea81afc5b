import datetime
import re

import pytest
from wagtail_factories import ImageFactory

from tests.factories.partners import PartnerIndexPageFactory, PartnerPageFactory
from tests.factories.press import PressReleasePageFactory

pytestmark = pytest.mark.django_db


def titles(html):
    return re.findall(r'class="release-card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def catalogue(press_index, site_home):
    """Releases over three years, topics and two partners."""
    partners = PartnerIndexPageFactory(parent=site_home)
    alpha = PartnerPageFactory(parent=partners, title="Alpha", slug="alpha")
    beta = PartnerPageFactory(parent=partners, title="Beta", slug="beta")

    def release(title, date, topics=(), partners=()):
        return PressReleasePageFactory(
            parent=press_index,
            title=title,
            release_date=date,
            topics=list(topics),
            partners=list(partners),
        )

    release("Janvier 2024", datetime.date(2024, 1, 10), ["Jeunesse"], [alpha])
    release("Mars 2024", datetime.date(2024, 3, 10), ["Budget participatif"], [beta])
    release("Mai 2025", datetime.date(2025, 5, 10), ["Jeunesse"], [beta])
    release("Juin 2025", datetime.date(2025, 6, 10), ["Budget participatif"], [alpha, beta])
    release("Juillet 2026", datetime.date(2026, 7, 10))
    return press_index


def test_releases_newest_first_with_date_kicker_standfirst_and_image(client, press_index):
    image = ImageFactory(description="Une salle du conseil municipal")
    PressReleasePageFactory(
        parent=press_index, title="Ancien", release_date=datetime.date(2023, 1, 2)
    )
    PressReleasePageFactory(
        parent=press_index,
        title="Récent",
        kicker="Partenariat",
        release_date=datetime.date(2024, 12, 1),
        standfirst="Le chapô du récent.",
        lead_image=image,
    )
    html = client.get("/presse/").content.decode()
    assert titles(html) == ["Récent", "Ancien"]
    assert '<time datetime="2024-12-01">1er décembre 2024</time>' in html
    assert "Partenariat" in html
    assert "Le chapô du récent." in html
    assert 'alt="Une salle du conseil municipal"' in html
    assert html.count("<h1") == 1


def test_index_links_to_contacts_and_feeds(client, press_index):
    html = client.get("/presse/").content.decode()
    assert 'href="/presse/contacts/"' in html
    assert 'href="/presse/rss/"' in html
    assert 'href="/presse/atom/"' in html


def test_twelve_releases_a_page(client, press_index):
    for number in range(13):
        PressReleasePageFactory(parent=press_index, release_date=datetime.date(2024, 1, 1 + number))
    first = client.get("/presse/").content.decode()
    assert len(titles(first)) == 12
    assert "Page 1 sur 2" in first
    second = client.get("/presse/?page=2").content.decode()
    assert len(titles(second)) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2024", ["Mars 2024", "Janvier 2024"]),
        ("topic=jeunesse", ["Mai 2025", "Janvier 2024"]),
        ("partner=alpha", ["Juin 2025", "Janvier 2024"]),
        ("year=2025&topic=budget-participatif&partner=beta", ["Juin 2025"]),
        ("year=2024&topic=jeunesse&partner=beta", []),
    ],
)
def test_filters_combine(client, catalogue, query, expected):
    response = client.get(f"/presse/?{query}")
    assert response.status_code == 200
    assert titles(response.content.decode()) == expected


def test_filter_form_offers_only_values_in_use_and_keeps_the_selection(client, catalogue):
    html = client.get("/presse/?year=2025&topic=jeunesse").content.decode()
    assert '<option value="2026">2026</option>' in html
    assert '<option value="2025" selected>2025</option>' in html
    assert '<option value="jeunesse" selected>Jeunesse</option>' in html
    assert '<option value="alpha">Alpha</option>' in html
    assert 'href="/presse/rss/?topic=jeunesse"' in html


ALL = ["Juillet 2026", "Juin 2025", "Mai 2025", "Mars 2024", "Janvier 2024"]


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999",
        "year=",
        "topic=<script>alert(1)</script>",
        "topic=inconnu",
        "partner=%00",
        "partner=999",
        "page=0",
        "page=-1",
        "page=abc",
        "page=1e3",
        f"topic={'x' * 10_000}",
        f"year={'9' * 10_000}",
        f"page={'9' * 10_000}",
        f"unknown={'y' * 10_000}",
    ],
)
def test_bad_input_is_ignored(client, catalogue, query):
    response = client.get(f"/presse/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == ALL
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("page", ["2", "9999"])
def test_page_beyond_the_range_is_not_found(client, catalogue, page):
    assert client.get(f"/presse/?page={page}").status_code == 404


def test_filtered_out_everything_still_answers(client, catalogue):
    response = client.get("/presse/?year=2024&topic=jeunesse&partner=beta")
    assert response.status_code == 200
    assert "Aucun communiqué ne correspond" in response.content.decode()


def test_drafts_are_not_listed(client, press_index):
    PressReleasePageFactory(parent=press_index, title="Brouillon", live=False)
    assert "Brouillon" not in client.get("/presse/").content.decode()


def make_releases(press_index, count, start=0):
    image = ImageFactory(description="Illustration")
    for number in range(start, start + count):
        PressReleasePageFactory(
            parent=press_index,
            slug=f"volume-{number}",
            release_date=datetime.date(2020, 1, 1) + datetime.timedelta(number),
            kicker="Volume",
            lead_image=image if number % 2 else None,
            topics=["Volume"] if number % 3 else [],
        )


@pytest.mark.parametrize("url", ["/presse/", "/presse/?topic=volume&year=2020&partner=x"])
def test_index_query_count_does_not_grow(
    client, django_assert_num_queries, count_queries, press_index, url
):
    make_releases(press_index, 5)
    expected = count_queries(url)
    make_releases(press_index, 25, start=5)  # 30 in all: a full page of 12, and more pages
    client.get(url)  # the new releases' renditions are generated once
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_subscription_form_offers_the_topics_of_the_published_releases(client, catalogue):
    """The press room's form reuses its filter's topics: an embargoed release's topic stays
    unknown until it is published."""
    PressReleasePageFactory(parent=catalogue, title="Sous embargo", topics=["Secret"], live=False)
    html = client.get("/presse/").content.decode()
    offered = re.findall(r'<input type="checkbox" name="topics" value="([^"]+)"', html)
    assert offered == ["budget-participatif", "jeunesse"]
