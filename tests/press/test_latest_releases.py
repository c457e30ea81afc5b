import datetime
import re

import pytest

from tests.factories.press import PressReleasePageFactory

pytestmark = pytest.mark.django_db


def make(press_index, count, start=0):
    for number in range(start, start + count):
        PressReleasePageFactory(
            parent=press_index,
            slug=f"actualite-{number}",
            title=f"Actualité {number}",
            release_date=datetime.date(2024, 1, 1) + datetime.timedelta(number),
        )


def test_home_shows_the_three_latest_live_releases(client, press_index):
    make(press_index, 5)
    PressReleasePageFactory(
        parent=press_index,
        title="Brouillon récent",
        release_date=datetime.date(2030, 1, 1),
        live=False,
    )
    html = client.get("/").content.decode()
    section = html[html.index("Dernières actualités") :]
    shown = re.findall(r'class="release-card__title"><a href="[^"]+">([^<]+)</a>', section)
    assert shown == ["Actualité 4", "Actualité 3", "Actualité 2"]
    assert 'href="/presse/">Tous les communiqués' in section


def test_home_without_releases_has_no_empty_section(client, press_index):
    assert "Dernières actualités" not in client.get("/").content.decode()


def test_home_query_count_does_not_grow_with_releases(
    client, django_assert_num_queries, count_queries, press_index
):
    make(press_index, 5)
    expected = count_queries("/")
    make(press_index, 25, start=5)
    with django_assert_num_queries(expected):
        assert client.get("/").status_code == 200
