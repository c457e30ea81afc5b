"""Open data that documents itself: the Data Package descriptor, validated by `frictionless`
against the real exports; the monthly archives; the crosswalk to Participedia."""

import csv
import datetime
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from frictionless import Package, validate

from practices import archives, participedia
from practices import vocabularies as vocab
from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db

DATAPACKAGE = "/bonnes-pratiques/export/datapackage.json"


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """Stored files of this test only (the test media directory lasts the whole session)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def practices(index, communes):
    return [
        PracticePageFactory(
            parent=index,
            title="=Budget des habitants",  # a formula, escaped in the CSV
            commune=communes["59350"],
            device_types=["budget-participatif", "plateforme-numerique"],
            themes=["budget", "numerique"],
            participation_level="codecision",
            end_date=datetime.date(2024, 6, 30),
            collected_on=datetime.date(2024, 9, 1),
        ),
        PracticePageFactory(
            parent=index,
            commune=communes["59560"],
            device_types=["conseil-municipal-des-jeunes"],
            participation_level="",
            start_date=None,
            participants=None,
            budget=None,
        ),
    ]


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_descriptor_names_title_licence_sources_and_both_exports(client, index, practices):
    response = client.get(DATAPACKAGE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    package = response.json()
    assert package["title"].startswith("Bonnes pratiques de démocratie participative")
    assert (
        package["licenses"][0]["path"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    )
    catalogue = index.get_full_url()
    assert catalogue.endswith("/bonnes-pratiques/")
    assert package["sources"][0]["path"] == catalogue
    csv_resource, json_resource = package["resources"]
    assert csv_resource["path"] == catalogue + "export/csv/"
    assert json_resource["path"] == catalogue + "export/json/"
    for resource in package["resources"]:
        assert all(field["description"] for field in resource["schema"]["fields"])
    # Each export names its description.
    for url in ("/bonnes-pratiques/export/csv/", "/bonnes-pratiques/export/json/?theme=budget"):
        link = client.get(url)["Link"]
        assert link.endswith('</bonnes-pratiques/export/datapackage.json>; rel="describedby"')


def test_fields_are_the_export_columns(client, practices):
    csv_resource, json_resource = client.get(DATAPACKAGE).json()["resources"]
    header = body(client.get("/bonnes-pratiques/export/csv/")).decode("utf-8-sig").splitlines()[0]
    assert [field["name"] for field in csv_resource["schema"]["fields"]] == header.split(";")
    item = json.loads(body(client.get("/bonnes-pratiques/export/json/")))["pratiques"][0]
    assert [field["name"] for field in json_resource["schema"]["fields"]] == list(item)


def test_frictionless_validates_the_package_against_the_exports(client, practices, tmp_path):
    """The descriptor as served, its resources read from the files the site serves."""
    package = client.get(DATAPACKAGE).json()
    for resource, url in zip(
        package["resources"],
        ["/bonnes-pratiques/export/csv/", "/bonnes-pratiques/export/json/"],
        strict=True,
    ):
        file_name = f"{resource['name']}.{resource['format']}"
        (tmp_path / file_name).write_bytes(body(client.get(url)))
        resource["path"] = file_name
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")

    report = validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = {
        resource.name: resource.read_rows()
        for resource in Package(str(tmp_path / "datapackage.json")).resources
    }
    assert len(rows["pratiques-csv"]) == len(rows["pratiques-json"]) == 2
    first = rows["pratiques-csv"][0]
    assert first["taux_participation"] == rows["pratiques-json"][0]["taux_participation"]
    assert first["date_fin"] == datetime.date(2024, 6, 30)
    assert first["participedia_method_types"] == "public"


def test_participedia_columns(client, practices):
    text = body(client.get("/bonnes-pratiques/export/csv/")).decode("utf-8-sig")
    rows = {row["titre"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    budget = rows["'=Budget des habitants"]
    assert budget["participedia_method_types"] == "public"  # no equivalent for the platform
    assert budget["participedia_purposes"] == "make"
    assert budget["participedia_public_spectrum"] == "empower"
    youth = json.loads(body(client.get("/bonnes-pratiques/export/json/")))["pratiques"][1]
    assert youth["participedia_method_types"] == ["longterm", "experiential"]
    assert youth["participedia_purposes"] == ["develop"]
    assert youth["participedia_public_spectrum"] is None


def test_the_crosswalk_covers_every_value_of_our_vocabularies():
    assert set(participedia.METHOD_TYPES) == set(vocab.DeviceType)
    assert set(participedia.PUBLIC_SPECTRUM) == set(vocab.ParticipationLevel)
    assert set(participedia.PURPOSES) == set(vocab.ParticipationLevel)


def test_monthly_archives_at_stable_addresses(client, practices):
    month = archives.current_month()
    assert client.get("/bonnes-pratiques/export/archives/").context["months"] == []

    out = io.StringIO()
    call_command("archive_open_data", stdout=out)
    assert f"Archivé pour {month}" in out.getvalue()
    assert default_storage.exists(f"archives/{month}/pratiques.csv")

    archived = client.get(f"/bonnes-pratiques/export/archives/{month}/pratiques.csv")
    assert archived.status_code == 200
    assert archived["Content-Type"] == "text/csv; charset=utf-8"
    assert archived["Content-Disposition"] == f'attachment; filename="bonnes-pratiques-{month}.csv"'
    first_csv = body(archived)
    live = body(client.get("/bonnes-pratiques/export/csv/"))
    # The same file, but for the host of the practices' addresses: the site's, without a request.
    assert first_csv.replace(b"localhost", b"testserver") == live.replace(
        b"localhost", b"testserver"
    )
    archived_json = json.loads(
        body(client.get(f"/bonnes-pratiques/export/archives/{month}/pratiques.json"))
    )
    assert len(archived_json["pratiques"]) == 2

    # A new practice the same month leaves the month's files as they were.
    PracticePageFactory(parent=practices[0].get_parent(), commune=practices[0].commune)
    out = io.StringIO()
    call_command("archive_open_data", stdout=out)
    assert "déjà archivées" in out.getvalue()
    again = body(client.get(f"/bonnes-pratiques/export/archives/{month}/pratiques.csv"))
    assert again == first_csv
    live = json.loads(body(client.get("/bonnes-pratiques/export/json/?status=en-cours")))
    assert len(live["pratiques"]) == 3

    page = client.get("/bonnes-pratiques/export/archives/")
    assert [month for month, _first_day in page.context["months"]] == [month]
    assert (
        f'href="/bonnes-pratiques/export/archives/{month}/pratiques.json"' in page.content.decode()
    )


@pytest.mark.parametrize(
    "path",
    [
        "2026-13/pratiques.csv",
        "2026-11/pratiques.xlsx",
        "2026-11/../../settings.py",
        "1999-01/pratiques.csv",
        "x" * 5_000 + "/pratiques.csv",
    ],
)
def test_an_unknown_archive_is_a_404(client, index, path):
    assert client.get(f"/bonnes-pratiques/export/archives/{path}").status_code == 404
