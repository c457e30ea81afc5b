"""The « Suivi » of a case study: its timeline, the latest date on the card, in the exports and
in the data package's schema."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents.models import Document

from practices.models import PracticeFollowUp, PracticePage
from tests.browser import axe_violations
from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """Stored files of this test only (the whole catalogue's exports are stored files)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def practice(index, communes):
    page = PracticePageFactory(
        parent=index, title="Budget des habitants", commune=communes["59350"]
    )
    document = Document.objects.create(
        title="Bilan 2024", file=ContentFile(b"%PDF-1.4", name="bilan.pdf")
    )
    PracticeFollowUp.objects.create(
        page=page,
        date=datetime.date(2024, 3, 1),
        kind="evaluation",
        text="Le bilan <b>public</b> est présenté au conseil.",
        document=document,
    )
    PracticeFollowUp.objects.create(
        page=page,
        date=datetime.date(2022, 11, 14),
        kind="decision",
        text="Le conseil municipal vote la création du budget.",
        source_url="https://www.mairie.example/deliberation-2022-41",
    )
    return page


def body(response):
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()


def test_the_case_study_shows_the_timeline_in_date_order(client, practice):
    html = client.get(practice.url).content.decode()
    timeline = html[html.index('<ol class="follow-up__timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert timeline.index("2022-11-14") < timeline.index("2024-03-01")  # oldest first
    assert (
        '<time datetime="2022-11-14">14 novembre 2022</time> — <strong>Décision</strong>'
        in timeline
    )
    assert (
        '<time datetime="2024-03-01">1er mars 2024</time> — <strong>Évaluation</strong>' in timeline
    )
    assert 'href="https://www.mairie.example/deliberation-2022-41"' in timeline
    assert ">Bilan 2024</a>" in timeline
    assert "Le bilan &lt;b&gt;public&lt;/b&gt; est présenté au conseil." in timeline
    assert f'href="/bonnes-pratiques/proposer/suivi/{practice.pk}/"' in html


def test_a_case_study_without_follow_up_says_so_and_invites_one(client, index, communes):
    page = PracticePageFactory(parent=index, commune=communes["59350"])
    html = client.get(page.url).content.decode()
    assert "Aucune étape de suivi n'est encore connue." in html
    assert "Signaler un suivi de cette pratique" in html


def test_the_card_shows_the_latest_follow_up_date(client, practice, index, communes):
    PracticePageFactory(parent=index, title="Sans suivi", commune=communes["59560"])
    html = client.get("/bonnes-pratiques/").content.decode()
    assert html.count("dernier suivi le") == 1
    assert "dernier suivi le 1er mars 2024" in html


def test_the_exports_carry_the_latest_follow_up_date(client, practice, index, communes):
    PracticePageFactory(parent=index, title="Sans suivi", commune=communes["59560"])
    for query in ["", "?commune=59350"]:  # the stored file and the streamed export
        rows = list(
            csv.DictReader(
                io.StringIO(
                    body(client.get(f"/bonnes-pratiques/export/csv/{query}")).lstrip("\ufeff")
                ),
                delimiter=";",
            )
        )
        by_title = {row["titre"]: row for row in rows}
        assert by_title["Budget des habitants"]["date_dernier_suivi"] == "2024-03-01"
        if not query:
            assert by_title["Sans suivi"]["date_dernier_suivi"] == ""
        data = json.loads(body(client.get(f"/bonnes-pratiques/export/json/{query}")))
        items = {item["titre"]: item for item in data["pratiques"]}
        assert items["Budget des habitants"]["date_dernier_suivi"] == "2024-03-01"
        if not query:
            assert items["Sans suivi"]["date_dernier_suivi"] is None
        assert "date_dernier_suivi" in [column["nom"] for column in data["colonnes"]]


def test_the_data_package_describes_the_column(client, practice):
    descriptor = client.get("/bonnes-pratiques/export/datapackage.json").json()
    for resource in descriptor["resources"]:
        field = next(
            field for field in resource["schema"]["fields"] if field["name"] == "date_dernier_suivi"
        )
        assert field["type"] == "date"
        assert "dernière étape connue du suivi" in field["description"]


def test_follow_ups_keep_the_case_study_queries_constant(client, practice):
    def count_queries():
        client.get(practice.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(practice.url).status_code == 200
        return len(queries)

    with_two = count_queries()
    PracticeFollowUp.objects.bulk_create(
        PracticeFollowUp(
            page=practice, date=datetime.date(2023, 1, day + 1), kind="mise-en-oeuvre", text="Étape"
        )
        for day in range(8)
    )
    assert count_queries() == with_two


def test_the_editor_has_a_suivi_tab(client, practice):
    user = get_user_model().objects.create_superuser("admin", "admin@coeur.example", "x")
    client.force_login(user)
    html = client.get(f"/admin/pages/{practice.pk}/edit/").content.decode()
    assert "Le conseil municipal vote la création du budget." in html
    assert "Étape du suivi" in html


def test_the_demo_budget_shows_its_follow_up(client, demo_site):
    html = client.get(
        "/bonnes-pratiques/exemple-budget-participatif-des-quartiers/"
    ).content.decode()
    assert html.count('class="follow-up__entry') == 3
    assert "<strong>Évaluation</strong>" in html
    catalogue = client.get("/bonnes-pratiques/").content.decode()
    assert "dernier suivi le 29 janvier 2024" in catalogue


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the live server needs committed data
def test_no_wcag_violation_on_the_timeline_and_the_follow_up_form(
    demo_site_url, browser, axe_source
):
    practice = PracticePage.objects.get(slug="exemple-budget-participatif-des-quartiers")
    form_path = reverse("census:follow_up", args=[practice.pk])
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    report = {}
    for path in [practice.url, form_path]:
        page.goto(demo_site_url + path)
        report[path] = axe_violations(page, axe_source)
    with page.expect_navigation():  # sent empty: the errors are shown
        page.locator("main form [type=submit]").click()
    report["errors"] = axe_violations(page, axe_source)
    context.close()
    assert report == {path: [] for path in report}
