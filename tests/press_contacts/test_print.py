"""The print stylesheet in Debian's Chromium, with print media emulated.

The page's HTML comes from the Django test client and is loaded into the browser with the
site and print stylesheets: no live server, so no transactional database is needed.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories.press import PressIndexPageFactory, PressReleasePageFactory
from tests.factories.press_contacts import PressContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SITE_CSS = Path(settings.BASE_DIR) / "cms" / "static" / "css" / "site.css"
PRINT_CSS = Path(settings.BASE_DIR) / "press" / "static" / "press" / "print.css"


@pytest.fixture
def press_index(site_home):
    return PressIndexPageFactory(parent=site_home)


def displayed(page, selector):
    return page.eval_on_selector(selector, "el => getComputedStyle(el).display !== 'none'")


def load(browser_page, html):
    browser_page.set_content(html)
    browser_page.add_style_tag(content=SITE_CSS.read_text())
    browser_page.add_style_tag(content=PRINT_CSS.read_text())
    return browser_page


def test_release_prints_as_a_clean_communique(client, press_index, browser_page):
    PressReleasePageFactory(
        parent=press_index,
        slug="imprimable",
        title="Un communiqué imprimable",
        body=[
            ("paragraph", '<p>Lire <a href="https://example.org/rapport">le rapport</a>.</p>'),
        ],
    )
    page = load(browser_page, client.get("/presse/imprimable/").content.decode())
    page.emulate_media(media="print")

    assert not displayed(page, ".site-header")
    assert not displayed(page, ".site-footer")
    assert not displayed(page, ".press-release__aside")
    assert displayed(page, "h1")
    assert displayed(page, ".press-release__label")
    assert displayed(page, ".press-release__dateline")
    after = page.eval_on_selector(
        ".press-release__body a", "a => getComputedStyle(a, '::after').content"
    )
    assert "https://example.org/rapport" in after

    page.emulate_media(media="screen")
    assert displayed(page, ".site-header")  # nothing changes on screen


def test_contacts_page_prints_without_chrome(client, press_index, browser_page):
    PressContactFactory(name="Baptiste Ménard")
    html = client.get("/presse/contacts/").content.decode()
    assert 'href="/static/press/print.css" media="print"' in html
    page = load(browser_page, html)
    page.emulate_media(media="print")
    assert not displayed(page, ".site-header")
    assert not displayed(page, ".press-contact__vcard")
    assert displayed(page, ".press-contact__name")
