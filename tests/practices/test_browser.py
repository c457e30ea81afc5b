"""In Debian's Chromium: the catalogue on a phone shows its results first, the filters folded
into a « Filtrer » disclosure that works without JavaScript; on a wide screen the filters stay
open beside the results."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import PracticeIndexPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server needs committed data
]


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def catalogue_url(live_server, transactional_db, request):
    request.getfixturevalue("demo_site")
    return live_server.url + PracticeIndexPage.objects.get().url


@pytest.fixture
def phone(new_browser_page):
    """A phone's screen, JavaScript off: the disclosure must work without it."""
    return new_browser_page(viewport=PHONE, java_script_enabled=False)


def test_on_a_phone_the_first_practice_comes_before_the_filters(catalogue_url, phone):
    phone.goto(catalogue_url)
    first_practice = phone.locator(".practice-list > li").first
    expect(first_practice).to_be_in_viewport()
    disclosure = phone.locator("summary", has_text="Filtrer")
    expect(disclosure).to_be_visible()
    assert disclosure.bounding_box()["y"] < first_practice.bounding_box()["y"]
    expect(phone.get_by_role("checkbox").first).to_be_hidden()

    disclosure.click()  # no script: the browser's own disclosure
    filters = phone.get_by_role("search", name="Affiner la recherche")
    theme = filters.get_by_role("group", name="Thème", exact=True).get_by_role("checkbox").first
    expect(theme).to_be_visible()
    theme.check()
    value = theme.get_attribute("value")
    filters.get_by_role("button", name="Appliquer les filtres").click()
    expect(phone).to_have_url(re.compile(rf"\?(.+&)?theme={value}(&|$)"))
    expect(phone.locator("summary", has_text="Filtrer (1 filtre actif)")).to_be_visible()
    expect(phone.get_by_role("checkbox").first).to_be_hidden()


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(catalogue_url, browser_page):
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    browser_page.goto(catalogue_url)
    filters = browser_page.get_by_role("search", name="Affiner la recherche")
    expect(filters.get_by_role("checkbox").first).to_be_visible()
    expect(browser_page.locator("summary", has_text="Filtrer")).to_be_hidden()
    filters_box = filters.bounding_box()
    results_box = browser_page.locator(".practice-list").bounding_box()
    assert filters_box["x"] + filters_box["width"] <= results_box["x"]
