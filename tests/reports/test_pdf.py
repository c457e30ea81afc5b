"""The report's PDF: tagged, several pages with a cover and a table of contents, charts drawn as
vectors whose labels are text; stored once per published version."""

import io

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.test import Client
from pypdf import PdfReader

from practices.reports.pdf import pdf_directory
from tests import snapshots

pytestmark = pytest.mark.django_db

PDF_URL = "/rapports/premier-rapport/rapport.pdf"


def served_pdf(client):
    response = client.get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="premier-rapport.pdf"' in response["Content-Disposition"]
    return response.content


@pytest.fixture(scope="module")
def report_pdf(django_db_setup, django_db_blocker, demo_snapshot):
    """The demo report's PDF as the site serves it, rendered once (WeasyPrint) for the tests
    that only read it; its database changes are rolled back as a test's would be."""
    with snapshots.applied_outside_tests(demo_snapshot, django_db_blocker):
        return served_pdf(Client())


def test_the_pdf_is_tagged_with_several_pages_and_an_outline(report_pdf):
    with pikepdf.open(io.BytesIO(report_pdf)) as document:
        assert len(document.pages) >= 4
        assert "/StructTreeRoot" in document.Root
        assert document.Root.MarkInfo.Marked
        assert str(document.Root.Lang) == "fr"
        with document.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert "Premier rapport — état de la participation citoyenne dans le Nord" in titles[0]


def test_the_pdf_has_a_cover_a_table_of_contents_and_page_numbers(report_pdf):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(report_pdf)).pages]
    assert "Premier rapport" in pages[0] and "Données arrêtées au 15 mars 2026" in pages[0]
    assert "Sommaire" in pages[1] and "Pratiques par type de dispositif" in pages[1]
    assert f"Page 2 / {len(pages)}" in pages[1]
    assert "Traitement des données : Empreintes Citoyennes" in " ".join(pages[-1].split())


def test_the_charts_are_vectors_whose_labels_are_text(report_pdf):
    reader = PdfReader(io.BytesIO(report_pdf))
    chart_pages = [
        page for page in reader.pages[2:] if "Pratiques par thème" in page.extract_text()
    ]
    assert chart_pages
    text = chart_pages[0].extract_text()
    assert "Cadre de vie" in text  # a bar's label, drawn by the SVG
    with pikepdf.open(io.BytesIO(report_pdf)) as document:
        kinds = {
            str(xobject.get("/Subtype"))
            for page in document.pages
            for xobject in page.obj.get("/Resources", {}).get("/XObject", {}).values()
        }
    assert kinds == {"/Form"}  # the SVG drawings are vector forms; no picture anywhere


def test_the_pdf_is_stored_once_per_published_version(client, report):
    report_pdf = served_pdf(client)
    _directories, names = default_storage.listdir(pdf_directory(report))
    assert len(names) == 1
    assert client.get(PDF_URL).content == report_pdf
    report.save_revision().publish()
    client.get(PDF_URL)
    _directories, renewed = default_storage.listdir(pdf_directory(report))
    assert len(renewed) == 1 and renewed != names
