"""In Debian's Chromium: axe-core finds no WCAG 2.1 AA violation on the reports' pages."""

import pytest
from playwright.sync_api import expect

from tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_wcag_violation_on_the_report_and_its_index(demo_site_url, browser, axe_source):
    paths = ["/rapports/", "/rapports/premier-rapport/", "/presse/"]
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    report = {}
    for path in paths:
        page.goto(demo_site_url + path)
        report[path] = axe_violations(page, axe_source)
    context.close()
    assert report == {path: [] for path in paths}


def test_the_table_of_contents_and_the_downloads_work(demo_site_url, browser_page):
    page = browser_page
    page.goto(demo_site_url + "/rapports/premier-rapport/")
    page.get_by_role("link", name="Pratiques par thème", exact=True).click()
    page.wait_for_url("**#s-*")
    expect(page.get_by_role("heading", name="Pratiques par thème")).to_be_in_viewport()
    with page.expect_download() as csv_download:
        page.get_by_role(
            "link", name="Télécharger les données (CSV)\u00a0: Pratiques par thème"
        ).click()
    assert csv_download.value.suggested_filename.startswith("premier-rapport-")
    with page.expect_response(lambda response: response.url.endswith("rapport.pdf")) as pdf:
        page.get_by_role("link", name="Télécharger le rapport en PDF").click()
    assert pdf.value.headers["content-type"] == "application/pdf"
