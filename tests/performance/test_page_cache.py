"""The page cache: anonymous pages cached, and a publication visible at once everywhere."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from cms import sitemaps
from cms.models import SiteSettings
from home.models import StandardPage
from press.models import (
    PressContact,
    PressIndexPage,
    PressReleasePage,
    PressReleasePartner,
    PressSettings,
)
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def linked_release(press_site):
    """A live release that names a partner, and that partner."""
    link = PressReleasePartner.objects.select_related("page", "partner").first()
    return link.page.specific, link.partner.specific


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editrice", "editrice@example.org", "pw")


def cached(response):
    return response.get("X-Cache")


def urls_listing(release, partner):
    index = PressIndexPage.objects.get()
    return [
        release.url,
        index.url,
        index.url + "?page=1",
        index.url + "rss/",
        index.url + "atom/",
        "/",
        partner.url,
        reverse("search") + "?q=zygomatique",
        "/sitemap.xml",
        *(reverse("sitemap_section", args=[section]) for section in sitemaps.sections()),
    ]


def test_anonymous_page_is_cached_with_cdn_headers(client, press_site, page_cache):
    first = client.get("/")
    second = client.get("/")
    assert (cached(first), cached(second)) == ("MISS", "HIT")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    cache_control = second["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=60" in cache_control
    assert "s-maxage=300" in cache_control


def test_a_hit_carries_the_headers_of_the_page_it_replays(client, press_site, page_cache):
    first = client.get("/presse/")
    second = client.get("/presse/")
    assert (cached(first), cached(second)) == ("MISS", "HIT")
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cache-Control",
    ):
        assert second[header] == first[header], header


def test_a_hit_costs_no_query(client, press_site, page_cache, django_assert_num_queries):
    client.get("/presse/")
    with django_assert_num_queries(0):
        assert cached(client.get("/presse/")) == "HIT"


def test_head_is_served_from_the_cache(client, press_site, page_cache):
    client.get("/")
    assert cached(client.head("/")) == "HIT"


def test_query_strings_are_cached_apart(client, press_site, page_cache):
    search = reverse("search")
    first = client.get(search, {"q": "collectif"})
    other = client.get(search, {"q": "zzzzzz"})
    assert cached(other) == "MISS"
    assert other.content != first.content
    assert cached(client.get(search, {"q": "collectif"})) == "HIT"


def test_logged_in_editor_is_never_served_nor_stored(client, press_site, page_cache, editor):
    assert cached(client.get("/")) == "MISS"
    client.force_login(editor)
    editor_view = client.get("/")
    assert cached(editor_view) is None
    assert "private" in editor_view["Cache-Control"]
    assert "wagtail-userbar" in editor_view.content.decode()
    anonymous = Client().get("/")
    assert cached(anonymous) == "HIT"
    assert "wagtail-userbar" not in anonymous.content.decode()


def test_editor_page_is_not_stored_for_visitors(client, press_site, page_cache, editor):
    client.force_login(editor)
    client.get("/presse/")
    anonymous = Client().get("/presse/")
    assert cached(anonymous) == "MISS"
    assert "wagtail-userbar" not in anonymous.content.decode()


def test_previews_and_drafts_are_never_cached(client, linked_release, page_cache, editor):
    release, _partner = linked_release
    client.force_login(editor)
    draft_url = reverse("wagtailadmin_pages:view_draft", args=[release.pk])
    for _ in range(2):
        response = client.get(draft_url)
        assert response.status_code == 200
        assert cached(response) is None
        assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    # Without the editor's session, the admin sends to the login page, uncached.
    anonymous = Client().get(draft_url)
    assert anonymous.status_code == 302
    assert cached(anonymous) is None


def test_errors_and_posts_are_not_cached(client, press_site, page_cache):
    for _ in range(2):
        missing = client.get("/cette-page-n-existe-pas/")
        assert missing.status_code == 404
        assert cached(missing) is None
        assert "private" in missing["Cache-Control"]
    posted = client.post("/presse/")
    assert cached(posted) is None


def test_a_flash_message_cookie_bypasses_the_cache(client, press_site, page_cache):
    client.get("/")
    client.cookies["messages"] = "x"
    assert cached(client.get("/")) is None


def test_publish_is_visible_at_once_on_every_listing(client, linked_release, page_cache):
    release, partner = linked_release
    urls = urls_listing(release, partner)
    showed_it = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if release.title in response.content.decode():
            showed_it.add(url)
        assert cached(client.get(url)) == "HIT", url
    assert set(urls[:5]) <= showed_it  # release, index (and a query string), feeds

    release.title = "Un titre tout neuf pour la presse zygomatique"
    release.save_revision().publish()

    for url in urls:
        response = client.get(url)
        assert cached(response) == "MISS", url
        if url in showed_it:
            assert release.title in response.content.decode(), url
    assert release.title in client.get(reverse("search"), {"q": "zygomatique"}).content.decode()


def test_a_new_slug_is_visible_at_once(client, linked_release, page_cache):
    release, _partner = linked_release
    old_url = release.url
    for url in (old_url, "/presse/"):
        client.get(url)
    sitemap_xml(client)  # the index and its files, now in the cache

    release.slug = "nouvelle-adresse"
    release.save_revision().publish()

    # 404 here; 301 once Wagtail's automatic redirect is created, after the commit.
    assert client.get(old_url).status_code in (301, 404)
    assert "/presse/nouvelle-adresse/" in sitemap_xml(client)
    assert 'href="/presse/nouvelle-adresse/"' in client.get("/presse/").content.decode()


def test_a_publication_drops_every_cached_page(client, linked_release, page_cache):
    """One version for the whole cache: nothing can stay stale, however a page shows another."""
    release, _partner = linked_release
    collective = StandardPage.objects.get(slug="le-collectif")
    other_release = PressReleasePage.objects.live().exclude(pk=release.pk).first()
    client.get(collective.url)
    client.get(other_release.url)

    release.save_revision().publish()

    assert cached(client.get(collective.url)) == "MISS"
    assert cached(client.get(other_release.url)) == "MISS"


def test_an_image_edited_shows_its_new_alt_text_at_once(client, linked_release, page_cache):
    release = PressReleasePage.objects.live().exclude(lead_image=None).first()
    image = release.lead_image
    client.get(release.url)
    assert cached(client.get(release.url)) == "HIT"

    image.description = "Des élus réunis autour d'une table ronde"
    image.save()

    response = client.get(release.url)
    assert cached(response) == "MISS"
    assert 'alt="Des élus réunis autour d&#x27;une table ronde"' in response.content.decode()


def test_documents_collections_and_tags_drop_the_cache(client, press_site, page_cache):
    for change in (
        lambda: get_document_model().objects.create(
            title="Rapport", file=ContentFile(b"x", "r.txt")
        ),
        lambda: Collection.get_first_root_node().add_child(name="Photos de presse"),
        lambda: Tag.objects.create(name="Thème tout neuf", slug="theme-tout-neuf"),
    ):
        client.get("/")
        assert cached(client.get("/")) == "HIT"
        change()
        assert cached(client.get("/")) == "MISS"


def test_the_press_room_is_shareable_by_a_cdn(client, press_site, page_cache):
    """Its subscription form posts without a CSRF token: no token makes the page private."""
    client.get("/presse/")
    response = client.get("/presse/")
    assert cached(response) == "HIT"
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert "s-maxage=" in response["Cache-Control"]


def test_a_cdn_keeps_one_copy_of_each_public_page(linked_release, page_cache):
    """The page is the same for every visitor without a session, whatever cookies (a census
    contributor's CSRF cookie, a cookie of another site of the domain) and languages they send:
    its headers must not ask a CDN to keep a copy per cookie or per language list."""
    release, partner = linked_release
    contributor = Client(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7")
    contributor.cookies["csrftoken"] = "a" * 32
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.5")
    visitor.cookies["preferences"] = "sombre"
    for url in urls_listing(release, partner):
        first, second = contributor.get(url), visitor.get(url)
        assert (cached(first), cached(second)) == ("MISS", "HIT"), url
        assert second.content == first.content, url
        for response in (first, second):
            assert "public" in response["Cache-Control"], url
            varies_on = {field.strip().lower() for field in response.get("Vary", "").split(",")}
            assert not varies_on & {"cookie", "accept-language"}, (url, response["Vary"])


def test_a_visitors_copy_still_current_is_confirmed_with_a_304(client, linked_release, page_cache):
    """A browser or CDN revalidating its copy (If-None-Match) gets a 304 without the page while
    the page is unchanged, even rendered again after an unrelated publication."""
    release, _partner = linked_release
    copies = {url: client.get(url) for url in (release.url, "/le-collectif/")}
    for url, copy in copies.items():
        assert cached(copy) == "MISS", url
        revalidated = client.get(url, HTTP_IF_NONE_MATCH=copy["ETag"])
        assert (revalidated.status_code, revalidated.content) == (304, b""), url
        assert revalidated["ETag"] == copy["ETag"], url

    release.title = "Un titre tout neuf pour la presse zygomatique"
    release.save_revision().publish()

    changed = client.get(release.url, HTTP_IF_NONE_MATCH=copies[release.url]["ETag"])
    assert changed.status_code == 200
    assert release.title in changed.content.decode()
    assert changed["ETag"] != copies[release.url]["ETag"]
    unchanged = client.get("/le-collectif/", HTTP_IF_NONE_MATCH=copies["/le-collectif/"]["ETag"])
    assert unchanged.status_code == 304
    assert cached(client.get("/le-collectif/")) == "HIT"  # rendered again for the 304, and kept


def test_unpublish_removes_the_release_everywhere(client, linked_release, page_cache):
    release, partner = linked_release
    index_url, partner_url = PressIndexPage.objects.get().url, partner.url
    for url in (release.url, index_url, partner_url, index_url + "rss/"):
        client.get(url)

    release.unpublish()

    assert client.get(release.url).status_code == 404
    for url in (index_url, partner_url, index_url + "rss/"):
        assert release.title not in client.get(url).content.decode(), url


def test_removing_a_partner_from_a_release_refreshes_the_partner(
    client, linked_release, page_cache
):
    release, partner = linked_release
    client.get(partner.url)
    assert cached(client.get(partner.url)) == "HIT"

    release = PressReleasePage.objects.get(pk=release.pk)
    release.partner_links = [
        link for link in release.partner_links.all() if link.partner_id != partner.pk
    ]
    release.save_revision().publish()

    response = client.get(partner.url)
    assert cached(response) == "MISS"  # it no longer names the partner: dropped all the same
    assert release.title not in response.content.decode()


def test_renaming_a_partner_refreshes_its_releases(client, linked_release, page_cache):
    release, partner = linked_release
    index_url = PressIndexPage.objects.get().url
    client.get(release.url)
    client.get(index_url)

    partner.title = "Partenaire rebaptisé"
    partner.save_revision().publish()

    assert "Partenaire rebaptisé" in client.get(release.url).content.decode()
    assert "Partenaire rebaptisé" in client.get(index_url).content.decode()  # partner filter


def test_deleting_a_release_removes_it(client, linked_release, page_cache):
    release, partner = linked_release
    index_url = PressIndexPage.objects.get().url
    client.get(release.url)
    client.get(index_url)

    Page.objects.get(pk=release.pk).delete()

    assert client.get(release.url).status_code == 404
    assert release.title not in client.get(index_url).content.decode()
    assert release.title not in client.get(partner.url).content.decode()


def test_moving_a_page_drops_its_old_address(client, press_site, page_cache):
    collective = StandardPage.objects.get(slug="le-collectif")
    first = collective.add_child(instance=StandardPage(title="Histoire", slug="histoire"))
    second = collective.add_child(instance=StandardPage(title="Statuts", slug="statuts"))
    moved = first.add_child(instance=StandardPage(title="Fondation", slug="fondation"))
    old_url = moved.url
    assert client.get(old_url).status_code == 200
    assert cached(client.get(old_url)) == "HIT"

    moved.move(second, pos="last-child")

    new_url = StandardPage.objects.get(pk=moved.pk).url
    old_address = client.get(old_url)
    assert (old_address.status_code, old_address["Location"]) == (301, new_url)  # auto redirect
    assert client.get(new_url).status_code == 200


def test_editing_a_setting_or_a_snippet_clears_the_cache(client, linked_release, page_cache):
    release, _partner = linked_release
    client.get("/")
    client.get(release.url)

    site_settings = SiteSettings.for_site(release.get_site())
    site_settings.organisation_name = "Collectif renommé"
    site_settings.save()
    assert "Collectif renommé" in client.get("/").content.decode()

    client.get(release.url)
    press_settings = PressSettings.for_site(release.get_site())
    contact = PressContact.objects.get(pk=press_settings.default_press_contacts.first().pk)
    contact.name = "Camille Nouveau-Nom"
    contact.save()
    assert cached(client.get(release.url)) == "MISS"


@pytest.mark.urls("tests.performance.urls")
def test_csrf_forms_work_on_a_cached_page(press_site, page_cache):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_view = first.get("/formulaire-test/")
    second_view = second.get("/formulaire-test/")
    assert (cached(first_view), cached(second_view)) == ("MISS", "HIT")
    first_token = TOKEN.search(first_view.content.decode()).group(1)
    second_token = TOKEN.search(second_view.content.decode()).group(1)
    assert first_token != second_token  # no stale token shared between visitors
    assert "csrftoken" in second_view.cookies
    assert "private" in second_view["Cache-Control"]

    posted = second.post("/formulaire-test/", {"csrfmiddlewaretoken": second_token, "name": "Lou"})
    assert posted.status_code == 200
    assert posted.content == b"Merci Lou"
    # A visitor who already holds a CSRF cookie gets a token that matches it.
    again = second.get("/formulaire-test/")
    assert cached(again) == "HIT"
    token = TOKEN.search(again.content.decode()).group(1)
    assert second.post("/formulaire-test/", {"csrfmiddlewaretoken": token}).status_code == 200
    # And without a token, still refused.
    assert Client(enforce_csrf_checks=True).post("/formulaire-test/").status_code == 403


def test_mailing_subscription_form_works_when_cached(press_site, page_cache):
    """The form needs no CSRF token: the cached page serves every visitor the same form."""
    url = reverse("mailing:subscribe")
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert cached(page) == "HIT"
    assert "public" in page["Cache-Control"]
    assert not TOKEN.search(page.content.decode())
    response = visitor.post(url, {"email": "pas-une-adresse"})
    assert response.status_code != 403
    assert cached(response) is None
