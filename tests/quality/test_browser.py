"""In Debian's Chromium: smoke test, keyboard navigation, strict CSP, axe-core on every page type.

axe-core comes from npm (`package.json`, installed by `make test` when npm is available). Without
it the axe test is skipped with its reason, except under CI=true, where it fails.
"""

import pytest
from playwright.sync_api import expect
from wagtail.models import Page

from tests.browser import axe_violations
from tests.quality.public_urls import public_urls

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def console_errors(browser_page):
    errors = []
    browser_page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_home_page_loads_and_a_link_leads_to_a_page(demo_site_url, browser_page, console_errors):
    page = browser_page
    response = page.goto(demo_site_url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").count() == 1
    page.locator("header nav a").filter(has_text="Le collectif").first.click()
    page.wait_for_url(demo_site_url + "/le-collectif/")
    expect(page.locator("h1")).to_have_text("Le collectif")
    csp_errors = [error for error in console_errors if "Content Security Policy" in error]
    assert csp_errors == []


def test_keyboard_only_navigation(demo_site_url, browser_page):
    page = browser_page
    page.goto(demo_site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    expect(page.locator(".skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()

    # Every tab stop shows a visible focus indicator; the main menu is reachable.
    page.goto(demo_site_url + "/")
    reached_menu = False
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                return {
                    tag: element.tagName,
                    inMenu: !!element.closest("nav"),
                    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                    shadow: style.boxShadow !== "none",
                };
            }"""
        )
        if state["tag"] == "BODY":
            break
        assert state["outline"] or state["shadow"], state
        reached_menu = reached_menu or (state["tag"] == "A" and state["inMenu"])
    assert reached_menu


def html_urls(site_url, page):
    """Every public HTML page type and route of the demo content, plus search and 404."""
    urls = {}
    for url in public_urls():
        if url.converters:
            continue
        response = page.request.get(site_url + url.path)
        if response.ok and response.headers.get("content-type", "").startswith("text/html"):
            urls[url.label] = url.path
    urls["search results"] = "/recherche/?q=citoyenne"
    urls["404"] = "/cette-page-n-existe-pas/"
    return urls


def test_strict_csp_blocks_nothing_on_public_pages(demo_site_url, browser_page, console_errors):
    """No public page relies on an inline script or style, or a foreign resource."""
    page = browser_page
    for path in html_urls(demo_site_url, page).values():
        # goto() returns on the load event: every resource fetched or refused.
        page.goto(demo_site_url + path)
    csp_errors = [error for error in console_errors if "Content Security Policy" in error]
    assert csp_errors == []


def test_admin_works_under_its_policy(demo_site_url, console_errors, admin_browser_page):
    """The admin's relaxed policy: dashboard, page editor and its live preview load cleanly."""
    page = admin_browser_page
    standard_page = Page.objects.get(url_path__endswith="/le-collectif/")
    # The editor's scripts run before the load event goto() waits for.
    page.goto(f"{demo_site_url}/admin/pages/{standard_page.pk}/edit/")
    page.click('[data-side-panel-toggle="preview"]')
    # Each refresh loads a new iframe and removes the previous one once the new one has loaded.
    preview = page.locator("iframe#w-preview-iframe").last.content_frame
    expect(preview.locator("h1")).to_have_text("Le collectif")
    for path in ("/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/snippets/"):
        page.goto(demo_site_url + path)
    csp_errors = [error for error in console_errors if "Content Security Policy" in error]
    assert csp_errors == []


def submit_first_form(page, method):
    """Submits the first form of <main> with `method`; with filters, picks their first choice."""
    form = page.locator(f"main form[method={method}], main form[method={method.upper()}]").first
    if form.count() == 0:
        return False
    if method == "get":
        for select in form.locator("select").all():
            options = select.locator("option").all()
            if len(options) > 1:
                select.select_option(index=1)
        checkboxes = form.locator("input[type=checkbox]")
        if checkboxes.count():
            checkboxes.first.check()
    with page.expect_navigation():  # the public forms are `novalidate`: the server answers
        form.locator("[type=submit]").first.click()
    return True


def test_no_wcag_violation_on_any_page_type(demo_site_url, new_browser_page, axe_source):
    page = new_browser_page(bypass_csp=True)
    page.set_content('<html lang="fr"><title>t</title><main><img src="x.png"></main></html>')
    assert any(v.startswith("image-alt") for v in axe_violations(page, axe_source))
    report = {}
    for label, path in html_urls(demo_site_url, page).items():
        page.goto(demo_site_url + path)
        report[label] = axe_violations(page, axe_source)
        # Filters applied, and forms sent empty (validation errors shown), each from the page
        # as loaded: it is loaded again only once a submission has left it.
        for method, suffix in (("get", "filtered"), ("post", "with errors")):
            if submit_first_form(page, method):
                report[f"{label} {suffix}"] = axe_violations(page, axe_source)
                page.goto(demo_site_url + path)
    checked = sorted(report)
    assert "page:home.HomePage" in checked and "404" in checked, checked
    failures = {label: violations for label, violations in report.items() if violations}
    assert not failures, "\n".join(
        f"{label}: {'; '.join(violations)}" for label, violations in sorted(failures.items())
    )
