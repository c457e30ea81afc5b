"""A published report's figures do not move: they are frozen at its publication."""

import datetime

import pytest
from wagtail.blocks import StreamValue

from practices.models import Commune, PracticeIndexPage
from practices.reports.models import ReportPage
from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db

REPORT_URL = "/rapports/premier-rapport/"


def publish_a_new_practice():
    practice = PracticePageFactory(
        parent=PracticeIndexPage.objects.get(),
        commune=Commune.objects.get(insee_code="59350"),
        device_types=["budget-participatif"],
        start_date=datetime.date(2026, 4, 1),
    )
    practice.save_revision().publish()
    return practice


def chart_id(report, dimension):
    return next(
        child.id
        for child in report.body
        if child.block_type == "data_chart" and child.value["dimension"] == dimension
    )


def figures_total(report):
    key_figures = next(item for item in report.items if item.kind == "figures")
    return key_figures.key_figures.total


def test_publishing_a_new_practice_does_not_change_a_published_report(client, report):
    catalogue_before = client.get("/bonnes-pratiques/statistiques/").context["figures"].total
    page_before = client.get(REPORT_URL).content
    years = f"{REPORT_URL}donnees/{chart_id(report, 'year')}.csv"
    csv_before = client.get(years).content
    frozen_before = report.frozen_data

    publish_a_new_practice()

    catalogue_after = client.get("/bonnes-pratiques/statistiques/").context["figures"].total
    assert catalogue_after == catalogue_before + 1  # the catalogue counts it…
    assert client.get(REPORT_URL).content == page_before  # …the report does not
    assert client.get(years).content == csv_before
    assert b"2026;" not in csv_before
    report.refresh_from_db()
    assert report.frozen_data == frozen_before
    assert figures_total(ReportPage.objects.get(pk=report.pk)) == catalogue_before


def test_republishing_keeps_the_frozen_blocks_and_freezes_a_new_one(report):
    total_before = figures_total(report)
    frozen_at = report.data_frozen_at
    publish_a_new_practice()
    draft = report.get_latest_revision_as_object()
    draft.body = StreamValue(
        draft.body.stream_block,
        [
            *((child.block_type, child.value, child.id) for child in draft.body),
            ("data_figures", {"title": "Chiffres clés, deuxième lecture", "selection": ""}),
        ],
    )
    draft.save_revision().publish()

    report = ReportPage.objects.get(pk=report.pk)
    assert report.data_frozen_at == frozen_at
    totals = [item.key_figures.total for item in report.items if item.kind == "figures"]
    assert totals == [total_before, total_before + 1]
    assert not report.has_live_figures


def test_a_preview_computes_the_changed_blocks_live_and_says_so(report):
    publish_a_new_practice()
    report.body = StreamValue(
        report.body.stream_block,
        [
            *((child.block_type, child.value, child.id) for child in report.body),
            ("data_figures", {"title": "Chiffres en cours", "selection": ""}),
        ],
    )
    html = report.make_preview_request().content.decode()
    assert "Aperçu\u00a0: les chiffres marqués «\u00a0en direct\u00a0»" in html
    assert html.count("(en direct)") == 1  # only the new block: the others are frozen
    assert "Données arrêtées au" not in html.split("<h2", 1)[0]
    assert "donnees/" not in html  # no data file before publication


def test_a_report_published_for_the_first_time_is_frozen_then(demo_site):
    index = ReportPage.objects.get(slug="premier-rapport").get_parent()
    report = ReportPage(
        title="Deuxième rapport",
        slug="deuxieme-rapport",
        summary="Une nouvelle édition.",
        body=[("data_chart", {"title": "", "dimension": "band", "selection": ""})],
    )
    index.add_child(instance=report)
    assert report.frozen_data == {} and report.data_frozen_at is None
    report.save_revision().publish()
    report = ReportPage.objects.get(pk=report.pk)
    [entry] = report.frozen_data.values()
    assert entry["data"]["title"] == "Pratiques par taille de commune"
    assert report.data_frozen_at is not None
