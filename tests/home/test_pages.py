import datetime

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.templatetags.cms_tags import french_date
from home.models import HomePage, StandardPage


@pytest.fixture
def _demo_snapshot(request, demo_snapshot):
    request.cls.demo_snapshot = demo_snapshot


@pytest.mark.usefixtures("_demo_snapshot")
class HomeAndStandardPageTests(WagtailPageTestCase):
    def setUp(self):
        self.demo_snapshot.apply()  # the demo content, as `load_demo_content` leaves it
        self.home = HomePage.objects.get()
        self.collective = StandardPage.objects.get(slug="le-collectif")

    def test_creation_rules(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_pages_render(self):
        self.assertPageIsRenderable(self.home)
        self.assertPageIsRenderable(self.collective)

    def test_admin_edit_views_render(self):
        user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        self.client.force_login(user)
        self.assertPageIsEditable(
            self.home,
            nested_form_data(
                {
                    "title": "Accueil",
                    "slug": "accueil",
                    "hero_text": "Texte",
                    "calls_to_action": streamfield([]),
                    "body": streamfield([]),
                }
            ),
        )
        self.assertPageIsEditable(
            self.collective,
            nested_form_data(
                {
                    "title": "Le collectif",
                    "slug": "le-collectif",
                    "intro": "Intro",
                    "body": streamfield([("paragraph", rich_text("<p>Texte</p>"))]),
                }
            ),
        )

    def test_menu_lists_pages_shown_in_menus(self):
        html = self.client.get("/").content.decode()
        self.assertIn('href="/le-collectif/"', html)
        self.assertNotIn('<a href="/mentions-legales/">Mentions', html.split("</nav>")[0])

    def test_footer_links_legal_pages_and_rgaa_status(self):
        html = self.client.get("/le-collectif/").content.decode()
        self.assertIn('href="/mentions-legales/"', html)
        self.assertIn('href="/donnees-personnelles/"', html)
        self.assertIn("Accessibilité\u00a0: partiellement conforme", html)

    def test_canonical_and_meta_description(self):
        html = self.client.get("/le-collectif/").content.decode()
        self.assertIn('<link rel="canonical" href="http://localhost/le-collectif/">', html)
        self.assertIn('<meta name="description" content="Qui nous sommes', html)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2023, 11, 23), "23 novembre 2023"),
        (datetime.date(2023, 12, 1), "1er décembre 2023"),
        (datetime.date(2024, 2, 29), "29 février 2024"),
    ],
)
def test_french_date(value, expected):
    assert french_date(value) == expected


def test_french_date_without_year():
    assert french_date(datetime.date(2023, 12, 1), with_year=False) == "1er décembre"
