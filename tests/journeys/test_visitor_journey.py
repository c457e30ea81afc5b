"""A visitor, end to end in Debian's Chromium: narrows the best-practices catalogue with its
filters, reads a case study, searches the site from the header, then goes on with the keyboard
only (skip link, visible focus, main menu)."""

import datetime
import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect
from wagtail.models import Page, Site

from practices import vocabularies as vocab
from practices.models import DeviceTypeTerm, ThemeTerm
from tests.factories.home import HomePageFactory, StandardPageFactory
from tests.factories.practices import (
    CommuneFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


SECLIN_BUDGET = "Un budget participatif à Seclin"
SECLIN_BUDGET_SLUG = "budget-participatif-seclin"
ROUBAIX_COUNCILS = "Des conseils de quartier à Roubaix"
SECLIN_YOUTH = "Un conseil municipal des jeunes à Seclin"
MENU = ["Bonnes pratiques", "Le collectif"]

FOCUS_STATE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName,
        id: element.id,
        className: typeof element.className === "string" ? element.className : "",
        text: element.innerText || "",
        inMainMenu: !!element.closest("nav.main-menu"),
        inMain: !!element.closest("main"),
        focusVisible:
            (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== "none",
    };
}"""


@pytest.fixture
def site_url(live_server):
    """A bare site served by the live server: the catalogue with three practices, one page."""
    cache.clear()
    # A previous transactional test's flush may have emptied the vocabularies' tables.
    DeviceTypeTerm.sync()
    ThemeTerm.sync()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="accueil")
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.all().delete()
    Site.objects.create(hostname=host, port=int(port), root_page=home, is_default_site=True)
    catalogue = PracticeIndexPageFactory(parent=home, show_in_menus=True)
    StandardPageFactory(parent=home, slug="le-collectif", show_in_menus=True)
    seclin = CommuneFactory(insee_code="59560", name="Seclin", population=12_900)
    roubaix = CommuneFactory(insee_code="59512", name="Roubaix", population=98_828)
    PracticePageFactory(
        parent=catalogue,
        title=SECLIN_BUDGET,
        slug=SECLIN_BUDGET_SLUG,
        commune=seclin,
        start_date=datetime.date(2024, 3, 1),
        device_types=[vocab.DeviceType.PARTICIPATORY_BUDGET],
        themes=[vocab.Theme.BUDGET, vocab.Theme.LIVING_ENVIRONMENT],
        participation_level=vocab.ParticipationLevel.CO_DECISION,
        context=[("paragraph", "<p>Les habitants votent chaque année pour leurs projets.</p>")],
    )
    PracticePageFactory(
        parent=catalogue,
        title=ROUBAIX_COUNCILS,
        commune=roubaix,
        start_date=datetime.date(2023, 9, 1),
        device_types=[vocab.DeviceType.NEIGHBOURHOOD_COUNCIL],
        themes=[vocab.Theme.LIVING_ENVIRONMENT],
        participation_level=vocab.ParticipationLevel.CONSULTATION,
    )
    PracticePageFactory(
        parent=catalogue,
        title=SECLIN_YOUTH,
        commune=seclin,
        start_date=datetime.date(2022, 10, 1),
        device_types=[vocab.DeviceType.YOUTH_COUNCIL],
        themes=[vocab.Theme.YOUTH],
        participation_level=vocab.ParticipationLevel.CONCERTATION,
    )
    yield live_server.url
    cache.clear()


def tab(page):
    page.keyboard.press("Tab")
    return page.evaluate(FOCUS_STATE)


def test_visitor_filters_reads_searches_and_browses_with_the_keyboard(site_url, browser_page):
    page = browser_page
    results = page.get_by_role("region", name=re.compile(r"^\d+ pratiques?$"))
    titles = page.locator(".practice-card__title")

    # 1. The catalogue, then narrowed by theme, then by participation level.
    page.goto(f"{site_url}/bonnes-pratiques/")
    expect(page.get_by_role("heading", level=2, name="3 pratiques")).to_be_visible()
    expect(titles).to_have_text([SECLIN_BUDGET, ROUBAIX_COUNCILS, SECLIN_YOUTH])
    filters = page.get_by_role("search", name="Affiner la recherche")
    filters.get_by_role("group", name="Thème", exact=True).get_by_label("Cadre de vie").check()
    filters.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"/bonnes-pratiques/\?(.+&)?theme=cadre-de-vie(&|$)"))
    expect(page.get_by_role("heading", level=2, name="2 pratiques")).to_be_visible()
    expect(titles).to_have_text([SECLIN_BUDGET, ROUBAIX_COUNCILS])
    level = filters.get_by_role("group", name="Niveau de participation")
    level.get_by_label("Codécision").check()
    filters.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"\?(.+&)?theme=cadre-de-vie&level=codecision(&|$)"))
    expect(page.get_by_role("heading", level=2, name="1 pratique")).to_be_visible()
    expect(titles).to_have_text([SECLIN_BUDGET])
    expect(results.get_by_role("link", name=re.compile("Thème : Cadre de vie"))).to_be_visible()

    # 2. The case study, from the results.
    results.get_by_role("link", name=SECLIN_BUDGET).click()
    expect(page).to_have_url(f"{site_url}/bonnes-pratiques/{SECLIN_BUDGET_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SECLIN_BUDGET)
    expect(page.get_by_role("heading", name="Le contexte")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Les habitants votent chaque année")

    # 3. The site search, from the header.
    header_search = page.get_by_role("banner").get_by_role("search")
    header_search.get_by_label("Rechercher sur le site").fill("Roubaix")
    header_search.get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(f"{site_url}/recherche/?q=Roubaix")
    expect(
        page.get_by_role("heading", level=2, name="1 résultat pour «\u00a0Roubaix\u00a0»")
    ).to_be_visible()
    page.get_by_role("main").get_by_role("link", name=ROUBAIX_COUNCILS).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUBAIX_COUNCILS)

    # 4. Keyboard only, from a fresh load: the skip link comes first and leads into <main>.
    page.reload()
    focused = tab(page)
    assert "skip-link" in focused["className"], focused
    assert focused["focusVisible"], focused
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()
    assert tab(page)["inMain"]

    # 5. Again from a fresh load: every stop shows its focus, up to the main menu's links;
    # Enter follows the last one.
    page.reload()
    reached = []
    while reached != MENU:
        focused = tab(page)
        assert focused["tag"] != "BODY" and not focused["inMain"], (reached, focused)
        assert focused["focusVisible"], focused
        if focused["inMainMenu"]:
            reached.append(focused["text"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url}/le-collectif/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le collectif")
