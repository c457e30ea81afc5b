"""What the browser tests share beyond fixtures: axe-core's verdict, signing in to the admin, and
pointing a Wagtail site at the live server."""

from pathlib import Path

from django.conf import settings

AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "mot-de-passe-de-test"


def axe_violations(page, axe_source):
    """axe-core's WCAG 2.1 A/AA violations on the page, one line each."""
    page.evaluate(axe_source)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


def log_in(page, base_url, username, password=PASSWORD):
    """Signs `username` in through the admin's login form, as a person would."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(f"{base_url}/admin/")
    return page


def serve_on(site, live_server):
    """Points `site` at the live server, so that its pages' URLs lead there; returns its URL."""
    host, port = live_server.url.removeprefix("http://").split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    return live_server.url


def click_when_still(locator):
    """Clicks `locator` once Wagtail's StreamField has stopped sliding blocks in. A new block
    slides down (jQuery) and takes the focus, which moves the page: a click during the slide can
    land beside its target, and nothing happens."""
    locator.wait_for(state="visible")
    locator.page.wait_for_function("() => window.jQuery(':animated').length === 0")
    locator.click()
