import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from press.demo import SEED_PARAGRAPHS
from press.models import PressReleasePage, PressReleasePartner
from tests.factories.partners import PartnerIndexPageFactory, PartnerPageFactory
from tests.factories.press import PressReleasePageFactory
from tests.factories.press_contacts import PressContactFactory

SEED_URL = "/presse/une-impulsion-amplifiee/"


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


@pytest.fixture
def seed_html(client, demo_site):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_seed_release_reads_like_the_original(seed_html):
    assert "COMMUNIQUÉ DE PRESSE" in seed_html
    assert 'Lille, le <time datetime="2023-11-23">23 novembre 2023</time>' in seed_html
    assert seed_html.count("<h1") == 1
    assert '<h1 id="release-title">Une impulsion amplifiée</h1>' in seed_html
    assert (
        "Un partenariat supplémentaire et inédit pour renforcer la participation citoyenne "
        "dans nos communes" in seed_html
    )
    assert "Collectif transpartisan d&#x27;élus" in seed_html
    assert "Association qui œuvre en faveur de la citoyenneté" in seed_html
    for paragraph in SEED_PARAGRAPHS:
        assert paragraph in seed_html, paragraph
    contacts = seed_html.index("Contacts presse", seed_html.index(SEED_PARAGRAPHS[-1]))
    for text in (
        "Baptiste Ménard",
        'href="mailto:baptiste.menard@aol.com"',
        'href="tel:+33621176469"',
        "Julien Goupil",
        'href="mailto:julien.goupil@empreintes-citoyennes.fr"',
    ):
        assert seed_html.index(text) > contacts, text
    release = PressReleasePage.objects.get(slug="une-impulsion-amplifiee")
    slugs = [link.partner.slug for link in release.partner_links.all()]
    assert slugs == ["empreintes-citoyennes", "consultvox"]


def test_seed_release_sharing_metadata(seed_html):
    assert '<meta property="og:type" content="article">' in seed_html
    assert '<meta property="og:locale" content="fr_FR">' in seed_html
    assert 'property="article:published_time" content="2023-11-23T' in seed_html
    assert '<meta name="twitter:card"' in seed_html
    data = json_ld(seed_html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Une impulsion amplifiée"
    assert data["dateline"] == "Lille, le 23 novembre 2023"
    assert data["datePublished"].startswith("2023-11-23")
    assert data["dateModified"]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "La participation citoyenne, cœur de nos communes"
    assert [partner["name"] for partner in data["about"]] == ["Empreintes Citoyennes", "ConsultVox"]


def test_json_ld_cannot_be_broken_out_of(client, press_index):
    release = PressReleasePageFactory(
        parent=press_index,
        title="</script><script>alert(1)</script>",
        body=[("paragraph", "<p>Texte.</p>")],
    )
    html = client.get(release.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"


def test_json_ld_image_and_open_graph_image(client, press_index):
    from wagtail_factories import ImageFactory

    image = ImageFactory(description="Des élus réunis en mairie")
    release = PressReleasePageFactory(parent=press_index, lead_image=image)
    html = client.get(release.url).content.decode()
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image.startswith("http://testserver/media/images/")
    assert json_ld(html)["image"] == [og_image]
    assert 'content="Des élus réunis en mairie"' in html


def test_previous_next_and_related_releases(client, press_index, site_home):
    partners = PartnerIndexPageFactory(parent=site_home)
    partner = PartnerPageFactory(parent=partners)
    oldest = PressReleasePageFactory(parent=press_index, topics=["Jeunesse"])
    middle = PressReleasePageFactory(parent=press_index, partners=[partner])
    newest = PressReleasePageFactory(parent=press_index, topics=["Jeunesse"], partners=[partner])
    unrelated = PressReleasePageFactory(parent=press_index)
    html = client.get(middle.url).content.decode()
    assert f'href="{oldest.url}" rel="prev"' in html
    assert f'href="{newest.url}" rel="next"' in html
    related = html[html.index("À lire aussi") :]
    assert newest.title in related
    assert oldest.title not in related
    assert unrelated.title not in related
    assert partner.title in html


def test_a_release_with_its_own_view_restriction_is_not_linked(client, press_index):
    """The release is public, so its siblings can only be restricted one by one."""
    older = PressReleasePageFactory(parent=press_index, topics=["Jeunesse"])
    private = PressReleasePageFactory(
        parent=press_index, topics=["Jeunesse"], title="Communiqué réservé"
    )
    release = PressReleasePageFactory(parent=press_index, topics=["Jeunesse"])
    newer = PressReleasePageFactory(parent=press_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = client.get(release.url).content.decode()
    assert f'href="{older.url}" rel="prev"' in html
    assert f'href="{newer.url}" rel="next"' in html
    assert older.title in html[html.index("À lire aussi") :]
    assert "Communiqué réservé" not in html


def test_an_alias_of_a_restricted_release_asks_for_a_login_as_its_source_does(client, press_index):
    """As Wagtail checks an alias: by its source's restrictions, here set after the alias was
    made (Wagtail copies the source's restrictions to a new alias)."""
    private = PressReleasePageFactory(parent=press_index, title="Communiqué réservé")
    alias = private.create_alias(update_slug="alias-du-communique-reserve")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    public = PressReleasePageFactory(parent=press_index)

    for page in (private, alias):
        response = client.get(page.url)
        assert response.status_code == 302, page.url
        assert "Communiqué réservé" not in response.content.decode()
    assert client.get(public.url).status_code == 200


def test_related_releases_are_the_newest_sharing_ones_even_around_the_page(press_index):
    """The previous and next releases may share a topic without being among the newest three."""
    older, previous, release, next_, *newest = (
        PressReleasePageFactory(parent=press_index, topics=["Jeunesse"]) for _ in range(7)
    )
    release = PressReleasePage.objects.get(pk=release.pk)
    assert release.previous_release() == previous
    assert release.next_release() == next_
    assert release.related_releases() == newest[::-1]
    assert older not in release.related_releases()


def test_an_unpublished_partner_is_neither_named_nor_linked(client, press_index, site_home):
    partners = PartnerIndexPageFactory(parent=site_home)
    shown = PartnerPageFactory(parent=partners, title="Empreintes Citoyennes")
    withdrawn = PartnerPageFactory(parent=partners, title="ConsultVox")
    release = PressReleasePageFactory(parent=press_index, partners=[shown, withdrawn])
    withdrawn.unpublish()

    html = client.get(release.url).content.decode()
    assert f'<a href="{shown.url}">Empreintes Citoyennes</a>' in html
    assert "ConsultVox" not in html
    assert [item["name"] for item in json_ld(html)["about"]] == ["Empreintes Citoyennes"]


def test_nearby_releases_read_as_the_orm_reads_them(press_index):
    from wagtail_factories import ImageFactory

    image = ImageFactory(description="Salle du conseil")
    previous = PressReleasePageFactory(parent=press_index, topics=["Budget"], lead_image=image)
    release = PressReleasePageFactory(parent=press_index, topics=["Budget"])
    release = PressReleasePage.objects.get(pk=release.pk)

    found = release.previous_release()
    expected = PressReleasePage.objects.defer_streamfields().get(pk=previous.pk)
    for field in PressReleasePage._meta.concrete_fields:
        if field.name != "body":
            assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.get_deferred_fields() == {"body"}
    assert found.lead_image == image
    assert found.lead_image.description == "Salle du conseil"
    assert found.release_date == expected.release_date  # a date, not a string (SQLite)
    assert found.first_published_at.tzinfo is not None


def test_a_preview_names_the_partners_being_edited(press_index, site_home):
    """In a preview the release may be unsaved and its links only in memory (modelcluster)."""
    partners = PartnerIndexPageFactory(parent=site_home)
    shown = PartnerPageFactory(parent=partners)
    withdrawn = PartnerPageFactory(parent=partners)
    withdrawn.unpublish()
    links = [PressReleasePartner(partner=shown), PressReleasePartner(partner=withdrawn)]

    unsaved = PressReleasePage(title="Brouillon", slug="brouillon")
    unsaved.partner_links = links
    assert unsaved.partner_list == [shown]

    saved = PressReleasePageFactory(parent=press_index)
    edited = PressReleasePage.objects.get(pk=saved.pk)
    edited.partner_links = links
    assert edited.partner_list == [shown]
    assert PressReleasePage.objects.get(pk=saved.pk).partner_list == []


def test_a_preview_shows_the_topics_and_partners_being_edited(press_index, site_home):
    """The page reads its saved links in one query, but a preview shows the edited ones."""
    partners = PartnerIndexPageFactory(parent=site_home)
    saved_partner, edited_partner = (
        PartnerPageFactory(parent=partners, title=t) for t in ("Enregistré", "Modifié")
    )
    release = PressReleasePageFactory(
        parent=press_index, topics=["Thème enregistré"], partners=[saved_partner]
    )
    edited = PressReleasePage.objects.get(pk=release.pk)
    edited.partner_links = [PressReleasePartner(partner=edited_partner)]
    edited.topics.set(["Thème modifié"])
    html = edited.make_preview_request().content.decode()
    assert ">Modifié</a>" in html and ">Thème modifié</a>" in html
    assert ">Enregistré</a>" not in html and "Thème enregistré" not in html


@pytest.mark.parametrize("read_together", [False, True], ids=["each", "together"])
def test_topics_and_partners_in_the_editors_order(press_index, site_home, read_together):
    partners = PartnerIndexPageFactory(parent=site_home)
    first, withdrawn, second = (
        PartnerPageFactory(parent=partners, title=t) for t in ("Zeta", "Beta", "Alpha")
    )
    withdrawn.unpublish()
    release = PressReleasePageFactory(
        parent=press_index, topics=["Jeunesse", "Budget"], partners=[first, withdrawn, second]
    )
    release = PressReleasePage.objects.get(pk=release.pk)
    if read_together:  # as the page reads them
        release.read_topics_and_partners()
    assert [topic.name for topic in release.topic_list] == ["Jeunesse", "Budget"]
    assert [topic.slug for topic in release.topic_list] == ["jeunesse", "budget"]
    assert [partner.title for partner in release.partner_list] == ["Zeta", "Alpha"]
    assert [partner.url for partner in release.partner_list] == [first.url, second.url]


def test_a_contacts_block_costs_the_same_queries_whatever_its_contacts_and_photos(
    client, press_index
):
    """The block's contacts are read with their photos, whose renditions come with the page's
    other images (its lead image's): no query per contact, photo or block."""
    from wagtail_factories import ImageFactory

    lead_image = ImageFactory(description="Une conférence de presse")

    def release_naming(contacts):
        block = {"title": "Contacts presse", "contacts": contacts, "inline_contacts": []}
        return PressReleasePageFactory(
            parent=press_index, lead_image=lead_image, body=[("press_contacts", block)]
        )

    def queries(release):
        client.get(release.url)  # renditions created
        with CaptureQueriesContext(connection) as captured:
            html = client.get(release.url).content.decode()
        return len(captured), html

    without_photo, _html = queries(release_naming([PressContactFactory()]))
    photographed = [PressContactFactory(with_photo=True) for _ in range(3)]
    with_photos, html = queries(release_naming(photographed))
    assert with_photos == without_photo
    assert html.count('class="press-contact__photo u-photo"') == 3
