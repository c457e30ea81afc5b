"""Each data block's CSV repeats its table, cell for cell, with the catalogue export's French
Excel conventions; a wrong address is a 404."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from practices.models import Commune, PracticeIndexPage
from practices.reports.models import ReportPage
from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db

REPORT_URL = "/rapports/premier-rapport/"


def html_table_rows(soup, block_id):
    table = soup.find(id=f"s-{block_id}").find("table")
    return [
        [cell.get_text() for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")
    ]


def csv_rows(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_every_data_table_equals_its_csv(client, report):
    soup = BeautifulSoup(client.get(REPORT_URL).content, "html.parser")
    tables = 0
    for child in report.body:
        if not child.block_type.startswith("data_") or child.block_type == "data_figures":
            continue
        response = client.get(f"{REPORT_URL}donnees/{child.id}.csv")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        rows = csv_rows(response.content)
        assert rows == html_table_rows(soup, child.id), child.block_type
        assert len(rows) > 1
        tables += 1
    assert tables == 8  # five charts, the map, the practices, the coverage


def test_a_chart_csv_reads_its_bars(client, report):
    device_chart = next(item for item in report.items if item.kind == "chart")
    rows = csv_rows(client.get(f"{REPORT_URL}donnees/{device_chart.id}.csv").content)
    assert rows[0] == ["Type de dispositif", "Nombre de pratiques"]
    assert rows[1:] == [[bar.label, str(bar.value)] for bar in device_chart.chart.bars]


def test_the_key_figures_csv_has_decimal_commas(client, report):
    figures = next(item for item in report.items if item.kind == "figures")
    rows = dict(csv_rows(client.get(f"{REPORT_URL}donnees/{figures.id}.csv").content)[1:])
    assert "," in rows["Part des communes couvertes (%)"]
    assert "." not in rows["Euros par habitant"]


def test_a_cell_that_would_run_as_a_formula_is_written_as_text(client, demo_site):
    commune = Commune.objects.get(insee_code="59350")
    commune.epci_name = '=HYPERLINK("http://example.com")'
    commune.save()
    PracticePageFactory(parent=PracticeIndexPage.objects.get(), commune=commune)
    index = ReportPage.objects.get(slug="premier-rapport").get_parent()
    report = ReportPage(
        title="Rapport EPCI",
        slug="rapport-epci",
        summary="Par intercommunalité.",
        body=[("data_chart", {"title": "", "dimension": "epci", "selection": ""})],
    )
    index.add_child(instance=report)
    report.save_revision().publish()
    report.refresh_from_db()
    [block_id] = report.frozen_data
    content = client.get(f"/rapports/rapport-epci/donnees/{block_id}.csv").content
    assert "'=HYPERLINK" in content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "00000000-0000-0000-0000-000000000000",  # no such block
        "x" * 10_000,  # ten kilobytes
        "rapport",
    ],
)
def test_an_unknown_data_file_is_a_404(client, report, name):
    assert client.get(f"{REPORT_URL}donnees/{name}.csv").status_code == 404


def test_a_text_block_has_no_data_file(client, report):
    heading = next(child for child in report.body if child.block_type == "heading")
    assert client.get(f"{REPORT_URL}donnees/{heading.id}.csv").status_code == 404


def test_an_unpublished_report_serves_no_data_nor_pdf(client, report):
    chart = next(item for item in report.items if item.kind == "chart")
    report.unpublish()
    assert client.get(f"{REPORT_URL}donnees/{chart.id}.csv").status_code == 404
    assert client.get(f"{REPORT_URL}rapport.pdf").status_code == 404
