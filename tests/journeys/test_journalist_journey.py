"""A journalist, end to end in Debian's Chromium: filters the press room by year, opens a
release, downloads a contact's vCard and the release's PDF, then joins the mailing list and
confirms the subscription from the link received by email."""

import datetime
import io
import re
from pathlib import Path

import pytest
import vobject
from django.core.cache import cache
from playwright.sync_api import expect
from pypdf import PdfReader
from wagtail.models import Page, Site

from press.mailing.models import Subscriber
from tests.factories.home import HomePageFactory
from tests.factories.press import PressIndexPageFactory, PressReleasePageFactory
from tests.factories.press_contacts import PressContactFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


RELEASE_2024 = "Trente communes du Nord ouvrent un budget participatif"
RELEASE_2024_SLUG = "trente-communes-budget-participatif"
RELEASES_2025 = ("Le collectif réunit ses élus à Lille", "Un guide de la concertation")
CONFIRM_LINK = re.compile(r"https?://\S+/liste-presse/confirmation/\S+/")


@pytest.fixture
def press_room_url(live_server):
    """A bare site served by the live server: a home page, the press room, three releases."""
    cache.clear()  # the subscription form's per-IP counters live in the cache
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="accueil")
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.all().delete()
    Site.objects.create(hostname=host, port=int(port), root_page=home, is_default_site=True)
    index = PressIndexPageFactory(parent=home, show_in_menus=True)
    contact = PressContactFactory(
        name="Baptiste Ménard", email="baptiste.menard@coeur.example", phone="06 21 17 64 69"
    )
    PressReleasePageFactory(
        parent=index,
        title=RELEASE_2024,
        slug=RELEASE_2024_SLUG,
        release_date=datetime.date(2024, 11, 23),
        body=[
            ("paragraph", "<p>Les habitants ont voté pour 120 projets.</p>"),
            ("press_contacts", {"title": "Contacts presse", "contacts": [contact]}),
        ],
    )
    for day, title in enumerate(RELEASES_2025, start=1):
        PressReleasePageFactory(parent=index, title=title, release_date=datetime.date(2025, 3, day))
    yield live_server.url
    cache.clear()


def release_titles(page):
    return page.locator(".release-card__title")


def test_journalist_finds_a_release_downloads_it_and_subscribes(
    press_room_url, browser_page, mailoutbox
):
    page = browser_page

    # 1. The press room lists every release; the year filter narrows it to 2024.
    page.goto(f"{press_room_url}/presse/")
    expect(page.get_by_role("heading", level=2, name="3 communiqués")).to_be_visible()
    page.get_by_label("Année").select_option("2024")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"/presse/\?(.+&)?year=2024(&|$)"))
    expect(page.get_by_role("heading", level=2, name="1 communiqué")).to_be_visible()
    expect(release_titles(page)).to_have_text([RELEASE_2024])
    expect(page.get_by_label("Année")).to_have_value("2024")

    # 2. The release, from the filtered list.
    page.get_by_role("link", name=RELEASE_2024).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RELEASE_2024)

    # 3. The press contact's vCard.
    with page.expect_download() as vcard_download:
        page.get_by_role("link", name="Ajouter Baptiste Ménard à mes contacts (vCard)").click()
    assert vcard_download.value.suggested_filename == "baptiste-menard.vcf"
    card = vobject.readOne(Path(vcard_download.value.path()).read_text(encoding="utf-8"))
    assert card.fn.value == "Baptiste Ménard"
    assert (card.n.value.given, card.n.value.family) == ("Baptiste", "Ménard")
    assert card.email.value == "baptiste.menard@coeur.example"
    assert card.tel.value == "tel:+33621176469"

    # 4. The release as a PDF. It is served inline, so Chromium shows it in its viewer (an
    # extension frame Playwright cannot enter); the browser context fetches the same URL.
    pdf_url = f"{press_room_url}/presse/{RELEASE_2024_SLUG}/pdf/"
    with page.expect_response(pdf_url) as shown:
        page.get_by_role("link", name="Ce communiqué en PDF").click()
    assert shown.value.ok
    disposition = f'inline; filename="{RELEASE_2024_SLUG}.pdf"'
    assert shown.value.headers["content-disposition"] == disposition
    pdf = page.request.get(pdf_url)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    text = " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf.body())).pages)
    assert RELEASE_2024 in " ".join(text.split())

    # 5. Back to the release, to the press room through the main menu, to its subscription form.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(RELEASE_2024)
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Espace presse"
    ).click()
    form = page.get_by_role("region", name="Recevoir nos communiqués")
    form.get_by_label("Courriel professionnel").fill("claire.martin@media.example")
    form.get_by_label("Nom et prénom").fill("Claire Martin")
    form.get_by_label("Média").fill("La Voix du Nord")
    form.get_by_label("J'accepte de recevoir par courriel").check()
    form.get_by_role("button", name="Je m'abonne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    subscriber = Subscriber.objects.get(email="claire.martin@media.example")
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source_url == f"{press_room_url}/presse/"

    # 6. The confirmation email (the live server runs in this process), its link, the button.
    assert [message.to for message in mailoutbox] == [["claire.martin@media.example"]]
    link = CONFIRM_LINK.search(mailoutbox[0].body).group(0)
    assert link.startswith(press_room_url)
    page.goto(link)
    expect(page.get_by_role("main")).to_contain_text("claire.martin@media.example")
    page.get_by_role("button", name="Je confirme mon abonnement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Abonnement confirmé")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.confirmed_at is not None
