"""The print stylesheet in Debian's Chromium, with print media emulated."""

import os

import pytest

from tests.factories.press import PressIndexPageFactory, PressReleasePageFactory
from tests.factories.press_contacts import PressContactFactory

# Playwright's sync API keeps an event loop in this thread; the ORM calls made here between
# browser steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def press_index(site_home):
    return PressIndexPageFactory(parent=site_home)


@pytest.fixture
def site_url(live_server, site_home):
    site = site_home.get_site()
    host, port = live_server.url.removeprefix("http://").split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    return live_server.url


def displayed(page, selector):
    return page.eval_on_selector(selector, "el => getComputedStyle(el).display !== 'none'")


def test_release_and_contacts_print_cleanly(site_url, press_index, browser_page):
    PressReleasePageFactory(
        parent=press_index,
        slug="imprimable",
        title="Un communiqué imprimable",
        body=[
            ("paragraph", '<p>Lire <a href="https://example.org/rapport">le rapport</a>.</p>'),
        ],
    )
    page = browser_page
    page.goto(f"{site_url}/presse/imprimable/")
    # Whether or not the release template links it yet, test the stylesheet itself.
    page.add_style_tag(url=f"{site_url}/static/press/print.css")
    page.emulate_media(media="print")

    assert not displayed(page, ".site-header")
    assert not displayed(page, ".site-footer")
    assert not displayed(page, ".press-release__aside")
    assert displayed(page, "h1")
    assert displayed(page, ".press-release__dateline")
    after = page.eval_on_selector(
        ".press-release__body a", "a => getComputedStyle(a, '::after').content"
    )
    assert "https://example.org/rapport" in after

    page.emulate_media(media="screen")
    assert displayed(page, ".site-header")  # nothing changes on screen

    # The contacts page links the print stylesheet itself.
    PressContactFactory(name="Baptiste Ménard")
    page.goto(f"{site_url}/presse/contacts/")
    page.emulate_media(media="print")
    assert not displayed(page, ".site-header")
    assert not displayed(page, ".press-contact__vcard")
    assert displayed(page, ".press-contact__name")
