import csv
import io
import json

import pytest
from django.test import override_settings

from practices.models import PracticeContact
from tests.practices.test_catalogue import ACCEPTANCE_URL, practices, titles  # noqa: F401

pytestmark = pytest.mark.django_db


def read_csv(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # BOM: French Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def read_json(response):
    return json.loads(b"".join(response.streaming_content))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "device=budget-participatif&band=3500-19999",
        "theme=cadre-de-vie",
        "q=budget",
        "device=inconnu",
        "status=termine&status=en-projet",
    ],
)
def test_exports_hold_exactly_the_catalogue_practices(client, practices, query):  # noqa: F811
    catalogue = client.get(f"/bonnes-pratiques/?{query}")
    expected = sorted(practice.pk for practice in catalogue.context["practices"])
    csv_response = client.get(f"/bonnes-pratiques/export/csv/?{query}")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert sorted(int(row["id"]) for row in read_csv(csv_response)) == expected
    json_response = client.get(f"/bonnes-pratiques/export/json/?{query}")
    assert json_response.status_code == 200
    assert sorted(item["id"] for item in read_json(json_response)["pratiques"]) == expected


def test_csv_columns_and_values(client, practices):  # noqa: F811
    rows = read_csv(client.get("/bonnes-pratiques/export/csv/?commune=59560"))
    assert len(rows) == 1
    row = rows[0]
    assert row["titre"] == "Budget des habitants de Seclin"
    assert row["url"].startswith("http://")
    assert row["url"].endswith(f"/bonnes-pratiques/{practices['seclin'].slug}/")
    assert row["code_insee"] == "59560"
    assert row["strate"] == "3500-19999"
    assert row["dispositifs"] == "budget-participatif"
    assert row["themes"] == "budget"
    assert row["date_debut"] == "2022-03-01"
    assert row["euros_par_habitant"] == "1,86"  # 24 000 € / 12 900 inhabitants, French decimal
    assert row["taux_participation"] == "0,93"
    assert row["exemple"] == "0"


def test_json_documents_columns_and_licence(client, practices):  # noqa: F811
    data = read_json(client.get("/bonnes-pratiques/export/json/"))
    assert data["licence"]["name"] == "Licence Ouverte / Open Licence 2.0"
    assert [column["nom"] for column in data["colonnes"]][:3] == ["id", "titre", "url"]
    item = data["pratiques"][0]
    assert set(item) == {column["nom"] for column in data["colonnes"]}
    assert isinstance(item["dispositifs"], list)


@override_settings(
    OPEN_DATA_LICENCE={"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
)
def test_licence_is_configurable(client, practices):  # noqa: F811
    assert read_json(client.get("/bonnes-pratiques/export/json/"))["licence"]["name"] == "CC BY 4.0"
    response = client.get("/bonnes-pratiques/export/csv/")
    assert response["Link"] == (
        '<https://creativecommons.org/licenses/by/4.0/>; rel="license", '
        '</bonnes-pratiques/export/datapackage.json>; rel="describedby"'
    )
    assert "CC BY 4.0" in client.get("/bonnes-pratiques/").content.decode()


def test_personal_contacts_are_never_exported(client, practices):  # noqa: F811
    PracticeContact.objects.create(
        page=practices["seclin"],
        name="Camille Secret",
        email="camille.secret@example.org",
        phone="03 20 00 00 00",
        consent_to_publish=True,
    )
    csv_body = b"".join(client.get("/bonnes-pratiques/export/csv/").streaming_content).decode()
    json_body = b"".join(client.get("/bonnes-pratiques/export/json/").streaming_content).decode()
    for body in (csv_body, json_body):
        assert "Camille Secret" not in body
        assert "camille.secret@example.org" not in body
        assert "03 20 00 00 00" not in body


@pytest.mark.parametrize("query", ["page=abc", "device=" + "x" * 10_000, "year=abc&year=1"])
def test_exports_survive_bad_input(client, practices, query):  # noqa: F811
    assert client.get(f"/bonnes-pratiques/export/csv/?{query}").status_code == 200
    assert client.get(f"/bonnes-pratiques/export/json/?{query}").status_code == 200


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, index, communes):
    from tests.factories.practices import PracticePageFactory

    PracticePageFactory(
        parent=index, title='=HYPERLINK("http://evil.example","clic")', commune=communes["59350"]
    )
    row = read_csv(client.get("/bonnes-pratiques/export/csv/"))[0]
    assert row["titre"] == '\'=HYPERLINK("http://evil.example","clic")'
