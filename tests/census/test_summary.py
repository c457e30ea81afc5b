import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.census.models import SubmissionStatus
from practices.census.summary import build_summary
from practices.models import DeviceTypeTerm, PracticePage
from tests.factories.census import PracticeSubmissionFactory
from tests.factories.practices import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("admin", "a@coeur.example", "x")
    client.force_login(user)
    return user


def fill(count):
    """`count` submissions over as many communes of the Nord, one in two refused."""
    for number in range(count):
        commune = CommuneFactory(
            insee_code=f"59{number + 100}",
            name=f"Nord-{number:03d}",
            epci_name=f"EPCI {number % 3}",
        )
        PracticeSubmissionFactory(
            commune=commune,
            status=SubmissionStatus.REFUSED if number % 2 else SubmissionStatus.NEW,
            device_types=DeviceTypeTerm.objects.filter(pk__in=["jury-citoyen", "autre"]),
        )


def add_practice(catalogue, commune, *, live=True, is_example=False):
    page = PracticePage(
        title=f"Pratique à {commune.name}", summary="Résumé.", commune=commune, live=live
    )
    page.is_example = is_example
    page.device_types.set(DeviceTypeTerm.objects.filter(pk="jury-citoyen"))
    catalogue.add_child(instance=page)


def test_the_summary_counts_and_lists_uncovered_nord_communes(catalogue):
    fill(4)
    CommuneFactory(insee_code="59900", name="Sans-Contribution", epci_name="")
    add_practice(catalogue, CommuneFactory(insee_code="59901", name="Avec-Fiche"))
    add_practice(catalogue, CommuneFactory(insee_code="59902", name="Fiche-Brouillon"), live=False)
    add_practice(catalogue, CommuneFactory(insee_code="59903", name="Exemple"), is_example=True)
    CommuneFactory(insee_code="62041", name="Arras")  # Pas-de-Calais: not the Nord
    summary = build_summary()
    assert summary.total == 4
    assert dict(summary.by_status)["Nouvelle"] == 2
    assert dict(summary.by_status)["Refusée"] == 2
    assert dict(summary.by_status)["Doublon"] == 0
    assert dict(summary.by_device)["Jury citoyen"] == 4
    assert dict(summary.by_device)["Budget participatif"] == 0
    assert dict(summary.by_epci) == {"EPCI 0": 2, "EPCI 1": 1, "EPCI 2": 1}
    assert [row[:2] for row in summary.by_commune][:1] == [("Nord-000", "59100")]
    assert [commune.name for commune in summary.uncovered] == [
        "Exemple",
        "Fiche-Brouillon",
        "Sans-Contribution",
    ]
    assert (summary.nord_covered, summary.nord_total) == (5, 8)


def test_the_summary_page_and_csv_run_constant_queries(client, staff, django_assert_num_queries):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    page, download = reverse("census_summary"), reverse("census_summary_csv")
    queries(page)
    fill(3)
    small = (queries(page), queries(download))
    for number in range(30):
        CommuneFactory(insee_code=f"59{number + 500}", name=f"Autre-{number}")
    PracticeSubmissionFactory.create_batch(20, commune=CommuneFactory(insee_code="59999"))
    assert (queries(page), queries(download)) == small
    with django_assert_num_queries(6):
        build_summary()


def test_the_summary_page_and_csv_show_the_figures(client, staff):
    fill(2)
    html = client.get(reverse("census_summary")).content.decode()
    assert "2 contributions reçues." in html
    assert "Communes du Nord pas encore couvertes" in html
    response = client.get(reverse("census_summary_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="synthese-recensement.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffrubrique;libellé;code;nombre")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert ["statut", "Nouvelle", "", "1"] in rows
    assert ["type de dispositif", "Jury citoyen", "", "2"] in rows
    assert ["communes du Nord", "couvertes", "59", "2"] in rows
