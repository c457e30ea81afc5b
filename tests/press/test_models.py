import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StandardPage
from press.models import PressIndexPage, PressReleasePage, PressSettings
from press.purge import press_room_paths
from tests.factories.press import PressReleasePageFactory
from tests.factories.press_contacts import PressContactFactory


def press_settings():
    return PressSettings.for_site(Site.objects.get(is_default_site=True))


class TestCreationRules(WagtailPageTestCase):
    def test_press_index_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(PressIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PressIndexPage, {PressReleasePage})
        self.assertCanNotCreateAt(StandardPage, PressIndexPage)

    def test_release_lives_under_the_press_index_only(self):
        self.assertAllowedParentPageTypes(PressReleasePage, {PressIndexPage})
        self.assertAllowedSubpageTypes(PressReleasePage, set())
        self.assertCanCreateAt(PressIndexPage, PressReleasePage)
        self.assertCanNotCreateAt(HomePage, PressReleasePage)


def test_only_one_press_index(press_index, site_home):
    assert not PressIndexPage.can_create_at(site_home)


def test_release_defaults_to_lille(press_index):
    release = PressReleasePageFactory(parent=press_index)
    assert PressReleasePage().dateline_place == "Lille"
    assert release.dateline_place == "Lille"


def test_lead_image_without_alt_text_is_refused(press_index):
    from wagtail_factories import ImageFactory

    image = ImageFactory(description="   ")
    release = PressReleasePageFactory(parent=press_index)
    release.lead_image = image
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "texte alternatif" in str(error.value.message_dict["lead_image"])


def test_about_falls_back_to_the_site_boilerplate(client, press_index):
    settings = press_settings()
    settings.press_boilerplate = "<p>Le collectif réunit des élus du Nord.</p>"
    settings.save()
    release = PressReleasePageFactory(parent=press_index)
    html = client.get(release.url).content.decode()
    assert "À propos" in html
    assert "Le collectif réunit des élus du Nord." in html

    release.about = "<p>Un texte propre à ce communiqué.</p>"
    release.save_revision().publish()
    html = client.get(release.url).content.decode()
    assert "Un texte propre à ce communiqué." in html
    assert "Le collectif réunit des élus du Nord." not in html


def test_release_without_contacts_block_shows_default_contacts(client, press_index):
    active = PressContactFactory(name="Aline Défaut", email="aline@example.org")
    inactive = PressContactFactory(name="Ancien Contact", is_active=False)
    press_settings().default_press_contacts.set([active, inactive])
    release = PressReleasePageFactory(parent=press_index)
    html = client.get(release.url).content.decode()
    assert "Contacts presse" in html
    assert "Aline Défaut" in html
    assert 'href="mailto:aline@example.org"' in html
    assert "Ancien Contact" not in html


def test_contacts_block_replaces_default_contacts_and_ends_the_release(client, press_index):
    press_settings().default_press_contacts.set([PressContactFactory(name="Aline Défaut")])
    chosen = PressContactFactory(name="Bruno Choisi")
    value = {
        "title": "Contacts presse",
        "contacts": [chosen],
        "inline_contacts": [{"name": "Chloé Ponctuelle", "email": "chloe@example.org"}],
    }
    release = PressReleasePageFactory(
        parent=press_index,
        body=[("press_contacts", value), ("paragraph", "<p>Le paragraphe du corps.</p>")],
    )
    html = client.get(release.url).content.decode()
    assert "Aline Défaut" not in html
    assert html.index("Le paragraphe du corps.") < html.index("Bruno Choisi")
    assert "Chloé Ponctuelle" in html


def test_the_pdf_falls_back_to_the_press_settings(client, press_index, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    press = press_settings()
    press.press_boilerplate = "<p>Le collectif réunit des élus du Nord.</p>"
    press.save()
    active = PressContactFactory(name="Aline Défaut")
    press.default_press_contacts.set(
        [active, PressContactFactory(name="Ancien Contact", is_active=False)]
    )
    release = PressReleasePageFactory(parent=press_index)

    response = client.get(f"{release.url}pdf/")

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Le collectif réunit des élus du Nord." in text
    assert "Aline Défaut" in text
    assert "Ancien Contact" not in text


def test_the_cdn_purges_the_press_room_and_its_feeds(press_index):
    site = Site.objects.get(is_default_site=True)
    assert press_room_paths(site) == ["/presse/", "/presse/rss/", "/presse/atom/"]

    press_index.unpublish()
    assert press_room_paths(site) == []
