"""In Debian's Chromium: an editor writes a release in the Wagtail admin, journalists see it."""

import feedparser
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from press.models import PressReleasePage
from tests.browser import click_when_still
from tests.factories.press_contacts import PressContactFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def is_contact_chooser(response):
    return "/admin/snippets/choose/press/presscontact/" in response.url


def test_editor_publishes_a_release_with_contacts(
    press_site_url, admin_browser_page, press_index, settings
):
    # Autosave would write the draft from a second request while « Publier » posts: SQLite's
    # shared in-memory test database serialises writers, so keep to one request at a time.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    PressContactFactory(name="Baptiste Ménard", email="baptiste.menard@aol.com")
    page = admin_browser_page

    page.goto(f"{press_site_url}/admin/pages/add/press/pressreleasepage/{press_index.pk}/")
    page.fill("#id_title", "Écrit dans le navigateur")
    page.fill("#id_standfirst", "Un chapô saisi par un vrai navigateur.")

    body = page.locator("#panel-child-contenu-body-section")
    body.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraphe").click()
    click_when_still(body.locator(".public-DraftEditor-content").last)
    page.keyboard.type("Un paragraphe tapé au clavier.")
    click_when_still(body.locator(".c-sf-add-button").last)
    page.get_by_role("option", name="Contacts presse").click()

    # The press contacts block: one saved contact, chosen in the modal, and one typed inline.
    contacts = body.locator("[data-contentpath='contacts']")
    click_when_still(contacts.locator(".c-sf-add-button").first)
    # The chooser loads its listing over XHR: wait for that response (slow on a busy machine:
    # the first admin request of a live server also collects the static files), then its link.
    with page.expect_response(is_contact_chooser) as listing:
        click_when_still(contacts.get_by_role("button", name="Choisir contact presse"))
    assert listing.value.ok
    page.locator(".modal").get_by_role("link", name="Baptiste Ménard").click()
    expect(contacts.locator("[data-chooser-title]")).to_contain_text("Baptiste Ménard")
    click_when_still(body.locator("[data-contentpath='inline_contacts'] .c-sf-add-button").first)
    page.fill("[name='body-1-value-inline_contacts-0-value-name']", "Chloé Ponctuelle")
    page.fill("[name='body-1-value-inline_contacts-0-value-email']", "chloe@example.org")
    page.fill("[name='body-1-value-inline_contacts-0-value-phone']", "03 20 00 00 00")

    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(f"{press_site_url}/admin/pages/{press_index.pk}/")

    release = PressReleasePage.objects.get(title="Écrit dans le navigateur")
    assert release.live
    assert release.release_date == timezone.localdate()

    page.goto(f"{press_site_url}/presse/")
    page.get_by_role("link", name="Écrit dans le navigateur").click()
    expect(page.locator("h1")).to_have_text("Écrit dans le navigateur")
    expect(page.locator(".press-release__body")).to_contain_text("Un paragraphe tapé au clavier.")
    contacts_section = page.locator(".press-contacts")
    expect(contacts_section).to_contain_text("Baptiste Ménard")
    expect(contacts_section).to_contain_text("Chloé Ponctuelle")
    expect(contacts_section.locator("a[href='mailto:baptiste.menard@aol.com']")).to_be_visible()
    expect(contacts_section.locator("a[href='mailto:chloe@example.org']")).to_be_visible()

    feed = feedparser.parse(page.request.get(f"{press_site_url}/presse/rss/").body())
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == ["Écrit dans le navigateur"]
    assert feed.entries[0].summary == "Un chapô saisi par un vrai navigateur."
