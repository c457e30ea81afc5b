import json
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document
from wagtail.images import get_image_model

from practices.models import (
    DeviceTypeTerm,
    PracticeContact,
    PracticeDocument,
    PracticePage,
    PracticePhoto,
    ThemeTerm,
)
from tests.factories import unsaved_child
from tests.factories.partners import LogoFactory
from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(index, communes):
    page = PracticePageFactory(
        parent=index,
        title="Un budget participatif à Seclin",
        commune=communes["59560"],
        device_types=["budget-participatif"],
        themes=["budget", "cadre-de-vie"],
        participants=1_290,
        budget=64_500,
        is_example=True,
        verification_status="verifiee",
        context=[("paragraph", "<p>Le contexte de la démarche.</p>")],
        lessons=[("paragraph", "<p>Rendre compte des suites.</p>")],
    )
    PracticeContact.objects.create(
        page=page, name="Alex Public", email="alex@example.org", consent_to_publish=True
    )
    PracticeContact.objects.create(page=page, name="Sam Privé", email="sam@example.org")
    document = Document.objects.create(
        title="Règlement du budget participatif",
        file=ContentFile(b"%PDF-1.4", name="reglement.pdf"),
    )
    PracticeDocument.objects.create(page=page, document=document, kind="reglement")
    return page


def test_case_study_renders_summary_story_and_badges(client, practice):
    response = client.get(practice.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "En bref (exemple)" in html
    assert "Seclin" in html and "12\u00a0900 habitants" in html
    assert "Budget participatif" in html
    assert "10,0 pour 100 habitants" in html
    assert "5,00 € par habitant" in html
    assert "1er mars 2022" in html
    assert "Le contexte de la démarche." in html and "Les enseignements" in html
    assert "Comment ça marche" not in html  # empty sections are left out
    assert "badge--example" in html and "badge--verified" in html
    assert "Règlement du budget participatif" in html
    assert "practices-print.css" in html and 'media="print"' in html


def test_terms_are_listed_in_the_vocabularies_order_on_the_page_and_its_similar_cards(
    client, index, communes
):
    page = PracticePageFactory(
        parent=index,
        commune=communes["59560"],
        device_types=["jury-citoyen", "budget-participatif"],
        themes=["sante", "budget", "urbanisme"],
    )
    PracticePageFactory(
        parent=index,
        title="Même thème",
        commune=communes["59350"],
        device_types=["conseil-des-sages", "conseil-de-quartier"],
        themes=["budget"],
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert "<dd>Budget participatif, Jury citoyen</dd>" in html
    assert "<dd>Urbanisme, Budget, Santé</dd>" in html
    [card] = response.context["similar_practices"]
    assert [term.label for term in card.device_type_list] == [
        "Conseil de quartier",
        "Conseil des sages",
    ]
    assert (
        '<span class="tag">Conseil de quartier</span> <span class="tag">Conseil des sages</span>'
        in html
    )
    assert not hasattr(card, "theme_list")  # only the page's themes are read


def test_a_preview_shows_the_terms_being_edited_even_on_a_new_page(practice, index):
    """In a preview the terms are the editor's, in memory (modelcluster), not yet in the link
    tables; a new page has no id yet."""
    edited = PracticePage.objects.get(pk=practice.pk)
    edited.device_types = [DeviceTypeTerm.objects.get(slug="jury-citoyen")]
    edited.themes = [ThemeTerm.objects.get(slug="sante")]
    html = edited.make_preview_request().content.decode()
    assert "<dd>Jury citoyen</dd>" in html and "<dd>Santé</dd>" in html

    new = PracticePage(title="Pratique en cours d'écriture", slug="en-cours", summary="Brouillon")
    unsaved_child(index, new)
    new.device_types = [DeviceTypeTerm.objects.get(slug="jury-citoyen")]
    new.themes = [ThemeTerm.objects.get(slug="sante")]
    response = new.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pratique en cours d" in html and "<dd>Santé</dd>" in html


def test_contacts_are_published_only_with_consent(client, practice):
    html = client.get(practice.url).content.decode()
    assert "Alex Public" in html
    assert "Sam Privé" not in html and "sam@example.org" not in html


def test_json_ld_describes_the_practice(client, practice):
    html = client.get(practice.url).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Article"
    assert data["headline"] == "Un budget participatif à Seclin"
    assert data["spatialCoverage"]["name"] == "Seclin"
    assert data["spatialCoverage"]["geo"]["latitude"] == pytest.approx(50.5489)


def test_json_ld_cannot_be_broken_out_of(client, index, communes):
    page = PracticePageFactory(
        parent=index, title="</script><script>alert(1)</script>", commune=communes["59350"]
    )
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_similar_practices_share_a_device_type_or_a_theme(client, practice, index, communes):
    same_device = PracticePageFactory(
        parent=index,
        title="Même dispositif",
        commune=communes["59350"],
        device_types=["budget-participatif"],
    )
    same_theme = PracticePageFactory(
        parent=index,
        title="Même thème",
        commune=communes["59350"],
        device_types=["jury-citoyen"],
        themes=["budget"],
    )
    PracticePageFactory(
        parent=index,
        title="Sans rapport",
        commune=communes["59350"],
        device_types=["jury-citoyen"],
        themes=["sante"],
    )
    similar = client.get(practice.url).context["similar_practices"]
    assert [page.title for page in similar] == [same_device.title, same_theme.title]


@pytest.mark.parametrize("extra", [2, 30])
def test_case_study_query_count_is_constant(
    client, practice, index, communes, extra, django_assert_num_queries
):
    for number in range(extra):
        PracticePageFactory(
            parent=index,
            title=f"Similaire {number}",
            commune=communes["59350"],
            device_types=["budget-participatif"],
            themes=["budget"],
        )
    client.get(practice.url)
    with django_assert_num_queries(CASE_STUDY_QUERIES):
        client.get(practice.url)


def test_photos_and_similar_cards_read_their_renditions_in_one_query(
    client, practice, index, communes
):
    PracticePhoto.objects.create(page=practice, image=LogoFactory(), caption="Le vote")
    PracticePageFactory(
        parent=index,
        title="Même dispositif",
        commune=communes["59350"],
        device_types=["budget-participatif"],
        lead_image=LogoFactory(),
    )
    client.get(practice.url)  # creates the renditions
    with CaptureQueriesContext(connection) as queries:
        html = client.get(practice.url).content.decode()
    assert "Le vote" in html and "fill-480x320" in html  # the photo
    assert "Même dispositif" in html and "fill-480x270" in html  # the card's lead image
    renditions = f'FROM "{get_image_model().get_rendition_model()._meta.db_table}"'
    assert sum(renditions in query["sql"] for query in queries.captured_queries) == 1


# Routing, settings and menu, then the page's own: partners, documents, follow-ups (« Suivi »),
# photos, contacts, the similar practices, and the page's themes and device types with those of
# the similar practices together.
CASE_STUDY_QUERIES = 11
