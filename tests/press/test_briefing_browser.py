"""The embargo briefing, end to end in Debian's Chromium: staff schedule a release, brief two
journalists (a subscriber found by searching the list and an address typed in), one opens her
link and reads the release under its banner, staff revoke the other's link, the release lifts
and the link lands on the public page."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from press.mailing.models import Subscriber
from press.models import PressReleasePage
from tests.browser import axe_violations
from tests.factories.mailing import SubscriberFactory
from tests.factories.press import PressReleasePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


TITLE = "Douze communes ouvrent un budget participatif commun"
PARAGRAPH = "Le budget commun sera voté par les habitants des douze communes."
BANNER = "SOUS EMBARGO — ne pas publier avant le 10 décembre 2036 à 10\u00a0h\u00a000"
LEA, PAUL = "lea@quotidien.example", "paul@hebdo.example"
LINK = re.compile(r"http://\S+/liste-presse/embargo/\S+/")


@pytest.fixture
def draft(press_index):
    return PressReleasePageFactory(
        parent=press_index,
        title=TITLE,
        body=[("paragraph", f"<p>{PARAGRAPH}</p>")],
        alert_subscribers=False,
        live=False,
        first_published_at=None,
        last_published_at=None,
    )


def schedule(page, press_site_url, release):
    """« Programmer » in the status panel, then « Programmer pour publication »."""
    page.goto(f"{press_site_url}/admin/pages/{release.pk}/edit/")
    page.get_by_role("button", name="Afficher/masquer le statut").click()
    page.get_by_role("button", name="Programmer", exact=True).click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.get_by_label("Date/heure de publication").fill("2036-12-10 10:00")
    # From the keyboard: the date picker opened by the field covers the button.
    save = dialog.get_by_role("button", name="Enregistrer la programmation")
    save.focus()
    with page.expect_navigation():
        save.press("Enter")
    page.get_by_role("button", name="Plus d'actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Programmer pour publication").click()


def links_by_recipient():
    return {message.to[0]: LINK.search(message.body).group(0) for message in mail.outbox}


def lift(release):
    """The lift, as the cron does it: `publish_scheduled` once the go-live time has passed."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = release.scheduled_revision
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    PressReleasePage.objects.filter(pk=release.pk).update(go_live_at=past)
    call_command("publish_scheduled")


def test_staff_brief_two_journalists_revoke_one_and_the_lift_opens_the_public_page(
    press_site_url,
    admin_browser_page,
    new_browser_page,
    draft,
    settings,
    axe_source,
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # one request at a time on SQLite's shared database
    SubscriberFactory(email=LEA, name="Léa Martin", outlet="Le Quotidien")
    SubscriberFactory(name="Marc Petit", outlet="Radio Nord")
    staff = admin_browser_page

    # 1. Staff schedule the release: it stays offline.
    schedule(staff, press_site_url, draft)
    release = PressReleasePage.objects.get(pk=draft.pk)
    assert not release.live
    assert release.scheduled_revision is not None

    # 2. They brief Léa (picked from the list) and Paul (typed in), from the release's header.
    staff.goto(f"{press_site_url}/admin/pages/{release.pk}/edit/")
    header_actions = staff.get_by_role("navigation", name="Actions")
    header_actions.get_by_role("button", name="Actions").click()
    header_actions.get_by_role("link", name="Briefing sous embargo").click()
    staff.wait_for_url(f"{press_site_url}/admin/briefing/{release.pk}/")
    search = staff.get_by_role("searchbox", name="Rechercher des abonnés confirmés")
    search.fill("quotidien")
    with staff.expect_navigation():
        search.press("Enter")  # a plain GET form: no script needed
    expect(
        staff.get_by_text("Abonnés correspondant à «\u00a0quotidien\u00a0»\u00a0:")
    ).to_be_visible()
    expect(staff.get_by_label("Marc Petit (Radio Nord)")).to_have_count(0)
    assert axe_violations(staff, axe_source) == []
    staff.get_by_label("Léa Martin (Le Quotidien)").check()
    staff.get_by_label("Autres adresses").fill(PAUL)
    staff.get_by_role("button", name="Envoyer le lien par courriel").click()
    expect(staff.get_by_text("Lien personnel envoyé à 2 journaliste(s).")).to_be_visible()
    links = links_by_recipient()
    assert set(links) == {LEA, PAUL}
    assert not Subscriber.objects.filter(email=PAUL).exists()

    # 3. Léa opens her link: the release under its banner; the public address is still 404.
    lea = new_browser_page()
    response = lea.goto(links[LEA])
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["x-robots-tag"] == "noindex"
    expect(lea.get_by_role("note")).to_contain_text(BANNER)
    expect(lea.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(lea.get_by_text(PARAGRAPH)).to_be_visible()
    assert axe_violations(lea, axe_source) == []
    assert lea.request.get(f"{press_site_url}{release.url}").status == 404

    # 4. Staff see her opening and revoke Paul's link; Paul is refused.
    staff.reload()
    row = staff.get_by_role("row").filter(has_text=LEA)
    expect(row).to_contain_text("Ouvert 1 fois")
    with staff.expect_navigation():
        staff.get_by_role("button", name=f"Révoquer le lien de {PAUL}").click()
    expect(staff.get_by_role("row").filter(has_text=PAUL)).to_contain_text("Révoqué le")
    paul = new_browser_page()
    response = paul.goto(links[PAUL])
    assert response.status == 410
    expect(paul.get_by_text("Ce lien a été révoqué.")).to_be_visible()
    expect(paul.get_by_text(PARAGRAPH)).to_have_count(0)

    # 5. The embargo lifts: Léa's link lands on the public page.
    lift(release)
    lea.goto(links[LEA])
    lea.wait_for_url(f"{press_site_url}{release.url}")
    expect(lea.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(lea.get_by_text("SOUS EMBARGO")).to_have_count(0)
