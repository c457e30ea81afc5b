"""The rows of the filtered exports: the catalogue's order, every cell's format, and chunks."""

import csv
import datetime
import io
import json

import pytest

from practices import exports
from practices.models import PracticePage
from tests.factories.partners import PartnerIndexPageFactory, PartnerPageFactory
from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db

CSV_URL = "/bonnes-pratiques/export/csv/?status=en-cours"
JSON_URL = "/bonnes-pratiques/export/json/?status=en-cours"


def csv_rows(client, url=CSV_URL):
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body), delimiter=";"))


def json_items(client, url=JSON_URL):
    return json.loads(b"".join(client.get(url).streaming_content))["pratiques"]


def test_rows_come_in_the_catalogue_order_undated_last(client, index, communes):
    commune = communes["59350"]
    undated = PracticePageFactory(parent=index, title="Sans date", start_date=None, commune=commune)
    older = PracticePageFactory(parent=index, title="B", start_date=datetime.date(2021, 1, 1))
    newer = PracticePageFactory(parent=index, title="C", start_date=datetime.date(2023, 1, 1))
    same_day = PracticePageFactory(parent=index, title="A", start_date=datetime.date(2021, 1, 1))
    expected = [newer.pk, same_day.pk, older.pk, undated.pk]
    catalogue = client.get("/bonnes-pratiques/?status=en-cours").context["practices"]
    assert [practice.pk for practice in catalogue] == expected
    assert [int(row["id"]) for row in csv_rows(client)] == expected
    assert [item["id"] for item in json_items(client)] == expected
    assert csv_rows(client)[3]["date_debut"] == ""
    assert json_items(client)[3]["date_debut"] is None


@pytest.mark.parametrize(
    ("published_at", "expected"),
    [
        (
            datetime.datetime(2024, 5, 6, 7, 8, 9, 123450, tzinfo=datetime.UTC),
            "2024-05-06T07:08:09.123450+00:00",
        ),
        (datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC), "2024-05-06T07:08:09+00:00"),
    ],
)
def test_publication_time_is_iso_8601_in_utc(client, index, communes, published_at, expected):
    practice = PracticePageFactory(parent=index, commune=communes["59350"])
    PracticePage.objects.filter(pk=practice.pk).update(last_published_at=published_at)
    assert csv_rows(client)[0]["mise_a_jour"] == expected
    assert json_items(client)[0]["mise_a_jour"] == expected


def test_list_cells_are_joined_then_kept_from_running_as_formulas(
    client, index, communes, site_home
):
    partners = PartnerIndexPageFactory(parent=site_home)
    partner = PartnerPageFactory(parent=partners, title="=Collectif")
    PracticePageFactory(
        parent=index,
        commune=communes["59350"],
        partners=[partner],
        device_types=["budget-participatif", "conseil-citoyen"],
        themes=["budget"],
    )
    row = csv_rows(client)[0]
    assert row["partenaires"] == "'=Collectif"
    assert row["dispositifs"] == "budget-participatif|conseil-citoyen"
    item = json_items(client)[0]
    assert item["partenaires"] == ["=Collectif"]
    assert item["dispositifs"] == ["budget-participatif", "conseil-citoyen"]
    assert item["themes"] == ["budget"]
    assert item["euros_par_habitant"] is not None and isinstance(item["euros_par_habitant"], float)


def test_rows_are_streamed_in_chunks(client, index, communes, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for number in range(5):
        PracticePageFactory(parent=index, title=f"Pratique {number}", commune=communes["59350"])
    pieces = list(client.get(CSV_URL).streaming_content)
    assert len(pieces) == 4  # the header, then rows 2 by 2
    assert len(csv_rows(client)) == len(json_items(client)) == 5
    json.loads(b"".join(client.get(JSON_URL).streaming_content))  # separators in place
