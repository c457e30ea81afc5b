import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from partners.models import PRACTICES_PER_PAGE, RELEASES_SHOWN, PartnerPage
from tests.factories import unsaved_child
from tests.factories.partners import PartnerContributionFactory, PartnerPageFactory
from tests.factories.practices import PracticePageFactory
from tests.factories.press import PressReleasePageFactory
from tests.factories.press_contacts import PressContactFactory

pytestmark = pytest.mark.django_db

URL = "/partenaires/empreintes-citoyennes/"


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_demo_partner_page_shows_the_partnership(client, demo_site):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "<h1>Empreintes Citoyennes</h1>" in html
    assert ">Association</p>" in html
    assert "Association qui œuvre en faveur de la citoyenneté" in html
    assert "Partenaire depuis le 23 novembre 2023" in html
    assert (
        "Renfort technique dans le traitement des données collectées et la formalisation "
        "du premier rapport" in html
    )
    assert 'href="/presse/une-impulsion-amplifiee/"' in html
    assert "Le rôle central de la commune dans la pratique de la citoyenneté" in html
    assert "julien.goupil@empreintes-citoyennes.fr" in html
    assert '<picture><source sizes="15rem"' in html


def test_demo_consultvox_is_an_earlier_undated_company(client, demo_site):
    response = client.get("/partenaires/consultvox/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Entreprise</p>" in html
    assert "avant novembre 2023" in html
    assert "Partenaire depuis le" not in html


def test_releases_naming_the_partner_are_listed_newest_first(client, empreintes, press_index):
    other = PartnerPageFactory(parent=empreintes.get_parent())
    PressReleasePageFactory(
        parent=press_index,
        title="Plus ancien",
        release_date=datetime.date(2023, 11, 23),
        partners=[empreintes],
    )
    PressReleasePageFactory(
        parent=press_index,
        title="Plus récent",
        release_date=datetime.date(2024, 3, 1),
        partners=[empreintes, other],
    )
    PressReleasePageFactory(parent=press_index, title="Sans ce partenaire", partners=[other])
    response = client.get(URL)
    assert [release.title for release in response.context["releases"]] == [
        "Plus récent",
        "Plus ancien",
    ]
    html = response.content.decode()
    assert '<h2 id="partner-releases">Communiqués de presse</h2>' in html
    assert "1er mars 2024" in html
    assert "Sans ce partenaire" not in html


def test_draft_embargoed_and_private_releases_stay_hidden(client, empreintes, press_index):
    draft = PressReleasePageFactory(
        parent=press_index, title="Brouillon", live=False, partners=[empreintes]
    )
    embargoed = PressReleasePageFactory(
        parent=press_index, title="Sous embargo", live=False, partners=[empreintes]
    )
    embargoed.go_live_at = timezone.now() + datetime.timedelta(days=2)
    embargoed.save_revision().publish()
    embargoed.refresh_from_db()
    assert not embargoed.live and draft.live is False
    private = PressReleasePageFactory(parent=press_index, title="Réservé", partners=[empreintes])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get(URL)
    html = response.content.decode()
    for title in ("Brouillon", "Sous embargo", "Réservé"):
        assert title not in html
    assert 'id="partner-releases"' not in html


def test_practices_supported_are_listed(client, empreintes, practice_index):
    PracticePageFactory(parent=practice_index, title="Budget participatif", partners=[empreintes])
    PracticePageFactory(parent=practice_index, title="Sans partenaire")
    PracticePageFactory(
        parent=practice_index, title="Pratique en brouillon", live=False, partners=[empreintes]
    )
    response = client.get(URL)
    assert [practice.title for practice in response.context["practices"]] == ["Budget participatif"]
    html = response.content.decode()
    assert "Bonnes pratiques soutenues" in html
    assert "Pratique en brouillon" not in html


def test_empty_sections_are_not_shown(client, partner_index):
    partner = PartnerPageFactory(
        parent=partner_index, scope="", website="", partner_since=None, logo=None, summary=""
    )
    response = client.get(partner.url)
    assert response.status_code == 200
    html = response.content.decode()
    for marker in (
        "partner-contributions",
        "partner-releases",
        "partner-practices",
        "partner-contact",
        "partner-profile__facts",
        "<picture>",
    ):
        assert marker not in html


def test_contributions_show_title_link_and_french_date(client, partner_index):
    partner = PartnerPageFactory(parent=partner_index)
    PartnerContributionFactory(
        page=partner,
        title="Former les élus",
        url="https://example.org/former/",
        date=datetime.date(2023, 12, 1),
    )
    html = client.get(partner.url).content.decode()
    assert '<a href="https://example.org/former/" rel="noopener">Former les élus</a>' in html
    assert '<time datetime="2023-12-01">1er décembre 2023</time>' in html


def test_inactive_contact_is_not_shown(client, partner_index):
    contact = PressContactFactory(name="Camille Inactive", is_active=False)
    partner = PartnerPageFactory(parent=partner_index, contact=contact)
    html = client.get(partner.url).content.decode()
    assert "Camille Inactive" not in html
    assert 'id="partner-contact"' not in html


def test_partner_json_ld_is_an_organization(client, demo_site):
    (data,) = [
        block
        for block in json_ld(client.get(URL).content.decode())
        if block.get("@type") == "Organization"
    ]
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Empreintes Citoyennes"
    assert data["url"] == "https://www.empreintes-citoyennes.fr/"
    assert data["mainEntityOfPage"] == "http://localhost/partenaires/empreintes-citoyennes/"
    assert data["logo"].startswith("http://localhost/media/images/")
    assert data["logo"].endswith(".png")
    assert "citoyenneté active et responsable" in data["description"]


def test_partner_json_ld_cannot_be_closed_by_content(client, partner_index):
    partner = PartnerPageFactory(
        parent=partner_index,
        title="Évil </script><script>alert(1)</script>",
        summary="</SCRIPT><!-- & -->",
    )
    html = client.get(partner.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "</SCRIPT>" not in html
    (data,) = json_ld(html)
    assert data["name"] == "Évil </script><script>alert(1)</script>"
    assert data["description"] == "</SCRIPT><!-- & -->"


def _add_related(partner, press_index, practice_index, count):
    for _ in range(count):
        PartnerContributionFactory(page=partner)
        PressReleasePageFactory(parent=press_index, partners=[partner])
        PracticePageFactory(parent=practice_index, partners=[partner])


def test_partner_page_query_count_does_not_grow(
    client, partner_index, press_index, practice_index, django_assert_num_queries
):
    partner = PartnerPageFactory(parent=partner_index, contact=PressContactFactory())
    _add_related(partner, press_index, practice_index, 3)
    client.get(partner.url)  # first view generates the logo's renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(partner.url)
    assert len(response.context["releases"]) == 3
    expected = len(queries)

    _add_related(partner, press_index, practice_index, 12)
    with django_assert_num_queries(expected):
        response = client.get(partner.url)
    assert len(response.context["releases"]) == RELEASES_SHOWN
    assert len(response.context["practices"]) == 15
    assert len(response.context["contributions"]) == 15
    assert PartnerPage.objects.count() == 3


def test_newest_releases_shown_with_a_link_to_all_in_the_press_room(
    client, empreintes, press_index
):
    for day in range(1, RELEASES_SHOWN + 1):
        PressReleasePageFactory(
            parent=press_index,
            title=f"Communiqué {day}",
            release_date=datetime.date(2024, 1, day),
            partners=[empreintes],
        )
    html = client.get(URL).content.decode()
    assert "Tous les communiqués avec" not in html  # all of them are shown

    PressReleasePageFactory(
        parent=press_index,
        title="Le plus ancien",
        release_date=datetime.date(2023, 1, 1),
        partners=[empreintes],
    )
    response = client.get(URL)
    assert [release.title for release in response.context["releases"]] == [
        f"Communiqué {day}" for day in range(RELEASES_SHOWN, 0, -1)
    ]
    html = response.content.decode()
    assert "Le plus ancien" not in html
    link = '<a href="/presse/?partner=empreintes-citoyennes">'
    assert f"{link}Tous les communiqués avec Empreintes Citoyennes</a>" in html
    filtered = client.get("/presse/?partner=empreintes-citoyennes").content.decode()
    assert "Le plus ancien" in filtered


def test_supported_practices_are_paginated(client, empreintes, practice_index):
    count = PRACTICES_PER_PAGE + 1
    for number in range(count):
        PracticePageFactory(
            parent=practice_index, title=f"Pratique {number:02}", partners=[empreintes]
        )
    response = client.get(URL)
    titles = [practice.title for practice in response.context["practices"]]
    assert titles == [f"Pratique {number:02}" for number in range(PRACTICES_PER_PAGE)]
    html = response.content.decode()
    assert '<nav class="pagination" aria-label="Pagination">' in html
    assert "Page 1 sur 2" in html
    assert '<a href="?page=2" rel="next">Page suivante</a>' in html

    response = client.get(URL + "?page=2")
    assert [practice.title for practice in response.context["practices"]] == [
        f"Pratique {count - 1:02}"
    ]
    html = response.content.decode()
    assert '<a href="?page=1" rel="prev">Page précédente</a>' in html
    assert "<h1>Empreintes Citoyennes</h1>" in html  # the rest of the profile stays
    assert client.get(URL + "?page=3").status_code == 404
    assert client.get(URL + "?page=abc").status_code == 200  # malformed: the first page


def test_few_practices_have_no_pagination(client, empreintes, practice_index):
    PracticePageFactory(parent=practice_index, partners=[empreintes])
    html = client.get(URL).content.decode()
    assert 'class="pagination"' not in html


def test_a_new_partner_can_be_previewed_before_its_first_save(demo_site):
    """It has no id yet: no release or practice can name it."""
    index = PartnerPage.objects.first().get_parent()
    new = unsaved_child(index, PartnerPage(title="Partenaire en préparation", slug="nouveau"))
    response = new.make_preview_request()
    assert response.status_code == 200
    assert "<h1>Partenaire en préparation</h1>" in response.content.decode()
