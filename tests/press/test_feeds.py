import datetime
import re

import feedparser
import pytest

from tests.factories.home import StandardPageFactory
from tests.factories.press import PressReleasePageFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def releases(press_index):
    made = [
        PressReleasePageFactory(
            parent=press_index,
            title=f"Communiqué {number:02d}",
            release_date=datetime.date(2024, 1, 1) + datetime.timedelta(number),
            standfirst=f"Chapô complet du communiqué {number:02d}, sans coupure.",
            topics=["Jeunesse"] if number % 2 else ["Budget participatif"],
        )
        for number in range(25)
    ]
    PressReleasePageFactory(parent=press_index, title="Brouillon caché", live=False)
    return made


@pytest.mark.parametrize(
    ("url", "content_type"),
    [("/presse/rss/", "application/rss+xml"), ("/presse/atom/", "application/atom+xml")],
)
def test_feed_lists_the_twenty_latest_live_releases(client, releases, url, content_type):
    response, feed = parse(client, url)
    assert response["Content-Type"].startswith(content_type)
    titles = [entry.title for entry in feed.entries]
    assert titles == [f"Communiqué {number:02d}" for number in range(24, 4, -1)]
    assert "Brouillon caché" not in response.content.decode()
    first = feed.entries[0]
    assert first.link == f"http://testserver{releases[-1].url}"
    assert first.summary == "Chapô complet du communiqué 24, sans coupure."
    assert [tag.term for tag in first.tags] == ["Budget participatif"]
    assert first.published_parsed[:3] == (2024, 1, 25)


def test_feed_per_topic(client, releases):
    _, feed = parse(client, "/presse/rss/?topic=jeunesse")
    assert feed.feed.title.endswith("thème «\u00a0Jeunesse\u00a0»")
    assert len(feed.entries) == 12
    assert all(entry.tags[0].term == "Jeunesse" for entry in feed.entries)


@pytest.mark.parametrize("topic", ["inconnu", "<script>", "x" * 10_000, "%00"])
def test_feed_with_unknown_topic_lists_everything(client, releases, topic):
    response, feed = parse(client, f"/presse/atom/?topic={topic}")
    assert len(feed.entries) == 20
    assert b"<script>" not in response.content


def test_feed_kicker_is_part_of_the_title(client, press_index):
    PressReleasePageFactory(parent=press_index, title="Un titre", kicker="Partenariat")
    _, feed = parse(client, "/presse/rss/")
    assert feed.entries[0].title == "Partenariat\u00a0: Un titre"


@pytest.mark.parametrize("url", ["/presse/rss/", "/presse/atom/", "/presse/rss/?topic=volume"])
def test_feed_query_count_does_not_grow(
    client, django_assert_num_queries, count_queries, press_index, url
):
    def make(count, start):
        for number in range(start, start + count):
            PressReleasePageFactory(
                parent=press_index,
                slug=f"volume-{number}",
                release_date=datetime.date(2020, 1, 1) + datetime.timedelta(number),
                topics=["Volume", f"Sujet {number % 4}"],
            )

    make(5, 0)
    expected = count_queries(url)
    make(25, 5)  # 30: more than the 20 items of a feed, so a query per item would show
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_every_page_announces_the_feeds(client, press_index, site_home):
    page = StandardPageFactory(parent=site_home, slug="le-collectif")
    for url in ("/", page.url, "/presse/"):
        html = client.get(url).content.decode()
        head = html[: html.index("</head>")]
        assert '<link rel="alternate" type="application/rss+xml"' in head, url
        assert 'href="/presse/rss/"' in head
        assert 'href="/presse/atom/"' in head


def feed_links(client):
    html = client.get("/").content.decode()
    head = html[: html.index("</head>")]
    return re.findall(r'<link rel="alternate" type="application/[a-z+]+" [^>]*href="([^"]+)"', head)


def test_feed_links_follow_the_press_room(client, press_index):
    assert feed_links(client) == ["/presse/rss/", "/presse/atom/"]
    press_index.slug = "salle-de-presse"
    press_index.save_revision().publish()
    assert feed_links(client) == ["/salle-de-presse/rss/", "/salle-de-presse/atom/"]
    press_index.unpublish()
    assert feed_links(client) == []


@pytest.mark.parametrize(
    ("kicker", "title", "feed_title"),
    [
        ("Tribune", "Les communes s'engagent", "Tribune\u00a0: Les communes s'engagent"),
        ("Exemple", "Exemple : lancement du recensement", "Exemple : lancement du recensement"),
        ("exemple", "Exemple : lancement du recensement", "Exemple : lancement du recensement"),
        ("Exemple", "Exemple\u00a0: un titre", "Exemple\u00a0: un titre"),
    ],
)
def test_feed_titles_carry_the_kicker_once(client, press_index, kicker, title, feed_title):
    PressReleasePageFactory(parent=press_index, kicker=kicker, title=title)
    _, feed = parse(client, "/presse/rss/")
    assert [entry.title for entry in feed.entries] == [feed_title]
