"""The demo report: every block type rendered, from figures frozen at its publication."""

import pytest

from practices.reports.blocks import ReportBodyBlock
from practices.reports.figures import DIMENSIONS
from practices.reports.models import ReportIndexPage, ReportPage

pytestmark = pytest.mark.django_db


def test_the_demo_report_has_every_block_type_and_frozen_figures(report):
    used = {child.block_type for child in report.body}
    data_and_report_blocks = {
        "data_figures", "data_chart", "data_map", "data_practices", "data_coverage",
        "methodology", "credits",
    }  # fmt: skip
    assert data_and_report_blocks <= used <= set(ReportBodyBlock.base_blocks)
    dimensions = {
        child.value["dimension"] for child in report.body if child.block_type == "data_chart"
    }
    assert dimensions == {"device", "theme", "band", "epci", "year"}
    data_ids = {child.id for child in report.body if child.block_type.startswith("data_")}
    assert set(report.frozen_data) == data_ids
    assert report.data_frozen_at.date().isoformat() == "2026-03-15"


def test_the_demo_report_renders_every_data_block(client, report):
    response = client.get("/rapports/premier-rapport/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Premier rapport — état de la participation citoyenne dans le Nord" in html
    assert "Données arrêtées au 15 mars 2026" in html
    assert "Traitement des données&nbsp;: <a" in html and "Empreintes Citoyennes" in html
    assert "en direct" not in html
    for child in report.body:
        if child.block_type.startswith("data_"):
            assert f'id="s-{child.id}"' in html, child.block_type
            assert f"donnees/{child.id}.csv" in html
    assert html.count('class="chart__svg"') == 5
    assert html.count('<table class="report-table">') == 8  # every data block but key figures
    assert 'class="report-figure report-map"' in html and html.count("<circle") > 3
    assert "rapport.pdf" in html


def test_the_report_index_lists_the_report_and_its_pdf(client, report):
    response = client.get("/rapports/")
    html = response.content.decode()
    assert response.status_code == 200
    assert report.title in html
    assert "/rapports/premier-rapport/rapport.pdf" in html


def test_the_press_room_links_the_latest_report_and_its_pdf(client, report):
    html = client.get("/presse/").content.decode()
    assert 'aria-labelledby="press-reports-title"' in html
    assert "/rapports/premier-rapport/rapport.pdf" in html


def test_a_copy_is_a_new_edition_without_frozen_figures(report):
    copy = report.copy(
        update_attrs={"slug": "deuxieme-rapport", "title": "Deuxième rapport"}, keep_live=False
    )
    copy = ReportPage.objects.get(pk=copy.pk)
    assert copy.frozen_data == {} and copy.data_frozen_at is None


def test_a_report_on_a_site_without_catalogue_shows_empty_figures(client, site_home):
    index = ReportIndexPage(title="Rapports", slug="rapports")
    site_home.add_child(instance=index)
    report = ReportPage(title="Rapport vide", slug="rapport-vide", summary="Rien encore.")
    report.body = [
        ("data_figures", {"title": "Chiffres clés", "selection": ""}),
        *(("data_chart", {"title": "", "dimension": d, "selection": ""}) for d in DIMENSIONS),
        ("data_map", {"title": "Carte", "selection": ""}),
        ("data_practices", {"title": "Pratiques", "selection": "device=consultation", "limit": 5}),
        ("data_coverage", {"title": "Couverture", "selection": ""}),
    ]
    index.add_child(instance=report)
    report.save_revision().publish()
    response = client.get("/rapports/rapport-vide/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucune donnée." in html and "Aucune pratique dans cette sélection." in html
    assert "en direct" not in html
