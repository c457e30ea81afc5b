"""The communications staff's journey, end to end in Debian's Chromium.

An editor (« Rédacteurs ») writes a release in the Wagtail admin, previews it and submits it to
the « Relecture » workflow; it stays offline. A moderator (« Modérateurs ») approves it from the
dashboard; visitors see it at once in the press room, the RSS feed and on its own page — with the
page cache switched on, as in production, and filled before the approval: publishing drops it.
"""

from urllib.parse import urljoin

import feedparser
import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from playwright.sync_api import expect
from wagtail.models import Collection, Page, Site

from cms.moderation import EDITORS_GROUP, MODERATORS_GROUP, REVIEW_WORKFLOW
from press.models import PressIndexPage, PressReleasePage
from tests.browser import PASSWORD, click_when_still, log_in
from tests.factories.home import HomePageFactory
from tests.factories.press import PressIndexPageFactory
from tests.factories.press_contacts import PressContactFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


EDITOR, MODERATOR = "redactrice", "moderateur"
TITLE = "Douze communes du Nord ouvrent leur budget aux habitants"
STANDFIRST = "Un budget participatif commun, voté par les habitants de douze communes."
PARAGRAPH = "Chaque commune confie une part de son budget d'investissement aux habitants."
IMAGE_TITLE = "Conseil municipal"
ALT_TEXT = "Des élus et des habitants réunis en conseil municipal"
CONTACT = "Baptiste Ménard"
CONTACT_EMAIL = "baptiste.menard@example.org"
PREVIEW_TOGGLE = "Afficher/masquer la prévisualisation"


@pytest.fixture
def page_cache(settings):
    """The page cache as in production (the test settings switch it off), emptied around."""
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_url(live_server):
    """A bare site served by the live server: a home page and its press room."""
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="accueil")
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.all().delete()
    Site.objects.create(hostname=host, port=int(port), root_page=home, is_default_site=True)
    PressIndexPageFactory(parent=home)
    return live_server.url


@pytest.fixture
def staff():
    for username, group_name in ((EDITOR, EDITORS_GROUP), (MODERATOR, MODERATORS_GROUP)):
        user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group_name))


@pytest.fixture
def media_library():
    """What the editor will choose: an image of the library and a press contact snippet."""
    wagtail_factories.ImageFactory(
        title=IMAGE_TITLE,
        description=ALT_TEXT,
        collection=Collection.get_first_root_node(),  # where the groups have their permissions
        file__width=640,
        file__height=400,
    )
    PressContactFactory(name=CONTACT, email=CONTACT_EMAIL)


def add_block(page, body, label):
    click_when_still(body.get_by_role("button", name="Insérer un bloc").last)
    page.get_by_role("option", name=label, exact=True).click()


def choose_in_modal(page, open_chooser, link_name):
    """Opens a chooser and picks `link_name` from its listing, once that listing (loaded over
    XHR, slow on a busy machine) has arrived."""
    with page.expect_request(lambda request: "/choose" in request.url) as listing:
        click_when_still(open_chooser)
    # Its first opening renders a thumbnail of every image: up to two minutes on a busy machine.
    response = listing.value.response()
    assert response is not None and response.ok
    modal = page.locator(".modal")
    modal.get_by_role("link", name=link_name).click(timeout=120_000)
    expect(modal).to_be_hidden()


def write_release(page, site_url):
    """From the press room's listing to a filled-in release editor."""
    page.goto(f"{site_url}/admin/pages/{PressIndexPage.objects.get().pk}/")
    page.get_by_role("link", name="Ajouter une sous-page").click()
    page.wait_for_url("**/add/press/pressreleasepage/*/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_standfirst").fill(STANDFIRST)
    body = page.locator("#panel-child-contenu-body-section")

    add_block(page, body, "Paragraphe")
    click_when_still(body.locator(".public-DraftEditor-content").last)
    page.keyboard.type(PARAGRAPH)

    add_block(page, body, "Image")
    choose_in_modal(page, body.get_by_role("button", name="Choisir une image"), IMAGE_TITLE)
    # The image's own alternative text is proposed for this use of it.
    expect(body.get_by_label("Texte alternatif")).to_have_value(ALT_TEXT)

    add_block(page, body, "Contacts presse")
    contacts = body.locator("[data-contentpath='contacts']")
    click_when_still(contacts.locator("[data-streamfield-list-add]").first)
    choose_in_modal(page, contacts.get_by_role("button", name="Choisir contact presse"), CONTACT)
    expect(contacts.locator("[data-chooser-title]")).to_contain_text(CONTACT)


def check_preview(page):
    """The preview side panel renders the unsaved release with the site's own template."""
    page.get_by_role("button", name=PREVIEW_TOGGLE).click()
    # Each refresh loads a new iframe and removes the previous one once the new one has loaded.
    preview = page.locator("#w-preview-iframe").last.content_frame
    # The first rendering also makes the image's renditions (AVIF, WebP, JPEG).
    expect(preview.locator("h1")).to_have_text(TITLE)
    expect(preview.locator(".press-release__body")).to_contain_text(PARAGRAPH)
    expect(preview.get_by_role("img", name=ALT_TEXT)).to_have_count(1)
    expect(preview.locator(".press-contacts")).to_contain_text(CONTACT)
    page.get_by_role("button", name=PREVIEW_TOGGLE).click()


def submit_for_review(page):
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name=f"Soumettre à {REVIEW_WORKFLOW}").click()
    expect(page.get_by_text(f"Page « {TITLE} » créée et soumise pour modération.")).to_be_visible()


def approve_from_dashboard(page):
    expect(page.get_by_role("heading", name="En attente de votre vérification")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("button", name="Actions").click()
    with page.expect_navigation():
        row.get_by_role("button", name="Approuver", exact=True).click()
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_have_count(0)


def fill_page_cache(request, site_url):
    """Anonymous GETs of the press room and its feed, until the page cache serves them."""
    for path in ("/presse/", "/presse/rss/"):
        request.get(f"{site_url}{path}")
        assert request.get(f"{site_url}{path}").headers["x-cache"] == "HIT"


def test_editor_writes_moderator_approves_visitors_read(
    site_url, new_browser_page, staff, media_library, page_cache, settings
):
    # Autosave would post the draft beside the editor's own requests: keep to what she clicks.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0

    # 1-4. The editor writes, previews and submits the release: it stays offline.
    editor = log_in(new_browser_page(), site_url, EDITOR)
    write_release(editor, site_url)
    check_preview(editor)
    submit_for_review(editor)
    editor.context.close()
    release = PressReleasePage.objects.get(title=TITLE)
    assert not release.live
    assert release.current_workflow_state.workflow.name == REVIEW_WORKFLOW
    release_url = f"{site_url}{release.url}"

    # Anonymous requests, outside the browser's own HTTP cache (pages allow it a minute).
    visitor = new_browser_page()
    anonymous = visitor.request
    assert anonymous.get(release_url).status == 404
    fill_page_cache(anonymous, site_url)
    assert TITLE not in anonymous.get(f"{site_url}/presse/").text()
    assert feedparser.parse(anonymous.get(f"{site_url}/presse/rss/").body()).entries == []

    # 5. A moderator approves it from the dashboard: approving the only task publishes it.
    moderator = log_in(new_browser_page(), site_url, MODERATOR)
    approve_from_dashboard(moderator)
    moderator.context.close()
    release.refresh_from_db()
    assert release.live

    # 6. Visitors see it at once (the publication dropped the cached press room and feed).
    visitor.goto(f"{site_url}/presse/")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    rss_url = visitor.get_by_role("link", name="Flux RSS").get_attribute("href")
    feed = feedparser.parse(anonymous.get(urljoin(visitor.url, rss_url)).body())
    assert feed.bozo == 0
    assert [(entry.title, entry.link) for entry in feed.entries] == [(TITLE, release_url)]
    assert feed.entries[0].summary == STANDFIRST

    visitor.get_by_role("link", name=TITLE).click()
    visitor.wait_for_url(release_url)
    expect(visitor.locator("h1")).to_have_text(TITLE)
    expect(visitor.locator(".press-release__body")).to_contain_text(PARAGRAPH)
    image = visitor.locator(".press-release__body picture").get_by_role("img", name=ALT_TEXT)
    image.scroll_into_view_if_needed()
    visitor.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    contacts = visitor.locator(".press-contacts")
    expect(contacts).to_contain_text(CONTACT)
    expect(contacts.locator(f"a[href='mailto:{CONTACT_EMAIL}']")).to_be_visible()
