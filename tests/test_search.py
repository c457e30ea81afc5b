"""The site search (cms/search.py): title matches first, then body-only matches; live public
pages only; a count capped at RESULTS_CAP; pagination over every result exactly once."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms import search, views
from cms.text import BREAKING_WHITESPACE
from home.models import StandardPage

pytestmark = pytest.mark.django_db

WORD = "ornithorynque"  # in no demo page
OTHER = "caravelle"


@pytest.fixture
def home(demo_site):
    return demo_site.root_page


def add_page(parent, title, intro="", live=True):
    slug = re.sub(r"\W+", "-", title.lower()).strip("-")
    return parent.add_child(instance=StandardPage(title=title, slug=slug, intro=intro, live=live))


def result_titles(client, query, page=None):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", html), html


def heading(html):
    """The heading's text, its line breaks and indentation collapsed; its no-break spaces kept."""
    text = re.search(r'<h2 id="search-results-title">(.*?)</h2>', html, re.S)[1]
    return BREAKING_WHITESPACE.sub(" ", text).strip(" ")


@pytest.fixture
def per_page(monkeypatch):
    """Two results a page, so that a handful of pages spans several."""
    monkeypatch.setattr(views, "SEARCH_RESULTS_PER_PAGE", 2)


def test_title_matches_come_before_body_only_matches(client, home):
    # Body-only matches first in the tree and repeating the word: still after the titles.
    for n in range(3):
        add_page(home, f"Dossier {n}", intro=f"{WORD} " * 5)
    add_page(home, f"Le {WORD} des communes")
    add_page(home, f"Un {WORD}")

    titles, html = result_titles(client, WORD)

    assert sorted(titles[:2]) == [f"Le {WORD} des communes", f"Un {WORD}"]
    assert sorted(titles[2:]) == ["Dossier 0", "Dossier 1", "Dossier 2"]
    assert heading(html) == f"5 résultats pour «\u00a0{WORD}\u00a0»"


def test_every_term_is_required_in_title_and_body_together(client, home):
    add_page(home, f"{OTHER} et {WORD}")
    add_page(home, f"Une {OTHER}", intro=f"Un {WORD}.")  # one term in each
    add_page(home, f"Seulement {OTHER}")

    titles, _ = result_titles(client, f"{WORD} {OTHER}")

    assert titles == [f"{OTHER} et {WORD}", f"Une {OTHER}"]


def test_only_live_public_pages_are_found(client, home):
    add_page(home, f"{WORD} public")
    add_page(home, f"{WORD} brouillon", live=False)
    private = add_page(home, f"{WORD} privé")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    section = add_page(home, "Rubrique réservée")
    add_page(section, f"{WORD} sous une rubrique réservée")
    PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    unpublished = add_page(home, f"{WORD} dépublié")
    unpublished.unpublish()

    titles, html = result_titles(client, WORD)

    assert titles == [f"{WORD} public"]
    assert heading(html) == f"1 résultat pour «\u00a0{WORD}\u00a0»"


def test_pages_walk_every_result_once_across_both_groups(client, home, per_page):
    for n in range(3):
        add_page(home, f"{WORD} {n}")
        add_page(home, f"Fiche {n}", intro=WORD)

    pages = [result_titles(client, WORD, page)[0] for page in (1, 2, 3)]

    assert [len(titles) for titles in pages] == [2, 2, 2]
    walked = [title for titles in pages for title in titles]
    assert sorted(walked[:3]) == [f"{WORD} {n}" for n in range(3)]  # page 2 crosses groups
    assert sorted(walked[3:]) == [f"Fiche {n}" for n in range(3)]
    _, html = result_titles(client, WORD, 2)
    assert "Page 2 sur 3" in html
    assert 'rel="prev"' in html and 'rel="next"' in html


@pytest.mark.parametrize(
    ("page", "shown"), [("abc", 1), ("", 1), ("1.5", 1), ("99", 3), ("0", 3), ("-1", 3)]
)
def test_page_numbers_out_of_range_fall_back_like_paginator(client, home, per_page, page, shown):
    for n in range(5):
        add_page(home, f"{WORD} {n}")

    _, html = result_titles(client, WORD, page)

    assert f"Page {shown} sur 3" in html


def test_count_is_capped(client, home, per_page, monkeypatch):
    monkeypatch.setattr(search, "RESULTS_CAP", 3)
    for n in range(3):
        add_page(home, f"{WORD} {n}")
        add_page(home, f"Fiche {n}", intro=WORD)

    first, html = result_titles(client, WORD)
    last, last_html = result_titles(client, WORD, 99)

    assert heading(html) == f"Plus de 3 résultats pour «\u00a0{WORD}\u00a0»"
    assert "Page 1 sur 2" in html
    assert "Page 2 sur 2" in last_html and len(first) == 2 and len(last) == 1
    assert not set(first) & set(last)


def test_count_is_capped_with_title_matches_alone(client, home, monkeypatch):
    monkeypatch.setattr(search, "RESULTS_CAP", 3)
    for n in range(4):
        add_page(home, f"{WORD} {n}")

    titles, html = result_titles(client, WORD)

    assert heading(html) == f"Plus de 3 résultats pour «\u00a0{WORD}\u00a0»"
    assert len(titles) == 3


def test_exactly_the_cap_is_counted(client, home, monkeypatch):
    monkeypatch.setattr(search, "RESULTS_CAP", 3)
    add_page(home, f"{WORD} titre")
    for n in range(2):
        add_page(home, f"Fiche {n}", intro=WORD)

    _, html = result_titles(client, WORD)

    assert heading(html) == f"3 résultats pour «\u00a0{WORD}\u00a0»"


def test_one_statement_and_one_page_load_per_search(client, home, django_assert_num_queries):
    """Plus the reading of the view restrictions, as Wagtail's `public()` does."""
    for n in range(12):
        add_page(home, f"{WORD} {n}")
    result_titles(client, WORD)  # warm: site, settings, menu
    hits = search.find(WORD, 0, 10)
    assert len(hits.page_ids) == 10 and hits.total == 12

    with django_assert_num_queries(2):
        search.find(WORD, 10, 10)
    results = search.SearchResults(WORD, "2", 10)
    with django_assert_num_queries(3):
        assert results.count() == 12
        assert len(results[10:12]) == 2


@pytest.mark.parametrize(
    "query",
    [
        "'",
        "\\",
        "''' \\' '\\",
        "& | ! ( ) : * <-> <2>",
        "a & !b",
        "l'église saint-andré",
        "-",
        "- - -",
        "*",
        f"{WORD} *",
        '"" ""',
        "{title} : x",
        "NEAR(a b) NOT c OR d",
        "é" * 200,
        "le la les",  # stop words only
    ],
)
def test_odd_queries_answer(client, home, query):
    add_page(home, f"{WORD} public")
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200


def test_operators_in_a_query_are_plain_text(client, home):
    add_page(home, f"{WORD} public")
    titles, _ = result_titles(client, f"{WORD} *")
    assert titles == [f"{WORD} public"]
    assert result_titles(client, f"{WORD} !{WORD}")[0] == [f"{WORD} public"]


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="The index exists on PostgreSQL only")
def test_title_and_body_are_indexed_together_on_postgres():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'cms_search_title_body'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "(title || body)" in definition


def test_a_database_without_the_statements_uses_wagtails_search(client, home, monkeypatch):
    """SQLite built without FTS5 (Wagtail then searches without an index): same pages found,
    same cap, through Wagtail's own search."""
    monkeypatch.setattr(search, "statement_builder", lambda: None)
    monkeypatch.setattr(search, "RESULTS_CAP", 2)
    for n in range(3):
        add_page(home, f"{WORD} {n}")
    add_page(home, f"{WORD} brouillon", live=False)

    titles, html = result_titles(client, WORD)

    assert sorted(titles) == [f"{WORD} 0", f"{WORD} 1"]
    assert "Plus de 2 résultats" in heading(html)


def search_landmark_names(html):
    """The accessible name of each search landmark: aria-label, else the text aria-labelledby
    points to."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    names = []
    for landmark in soup.select('[role="search"], search'):
        if landmark.get("aria-labelledby"):
            ids = landmark["aria-labelledby"].split()
            names.append(" ".join(soup.find(id=id_).get_text(" ", strip=True) for id_ in ids))
        else:
            names.append(landmark.get("aria-label", "").strip())
    return names


@pytest.mark.parametrize("query", ["", WORD])
def test_the_search_page_names_its_search_landmarks_apart(client, home, query):
    names = search_landmark_names(client.get(reverse("search"), {"q": query}).content.decode())
    assert len(names) == 2  # the header's and the page's
    assert all(names) and len(set(names)) == len(names), names
