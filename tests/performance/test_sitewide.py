"""The site, its settings and its menu are kept by each process (cms/sitewide.py), page cache
off: no query for them on a warm page, and every site-wide change shows on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from cms.caching import store
from cms.models import SiteSettings
from home.models import StandardPage
from press.models import PressIndexPage, PressReleasePage
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


def page_html(client, url="/le-collectif/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def menu_of(html):
    return html[html.index('<nav class="main-menu"') : html.index("</nav>")]


def test_a_warm_page_reads_neither_site_nor_settings_nor_menu(client, press_site):
    client.get("/le-collectif/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/le-collectif/")
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_site" not in sql
    assert "cms_sitesettings" not in sql
    assert '"show_in_menus" AND' not in sql  # the menu's filter
    assert "wagtailcore_pageviewrestriction" not in sql  # no page is restricted
    assert len(queries) == 1  # the page: routing starts at the kept home page, unread


def test_edited_settings_show_at_once(client, press_site):
    page_html(client)
    site_settings = SiteSettings.for_site(press_site)
    site_settings.organisation_name = "Collectif rebaptisé"
    site_settings.save()
    assert "Collectif rebaptisé" in page_html(client)


def test_a_menu_page_published_shows_at_once(client, press_site):
    page_html(client)
    collective = StandardPage.objects.get(slug="le-collectif")
    collective.title = "Qui sommes-nous"
    collective.save_revision().publish()
    new = StandardPageFactory(
        parent=press_site.root_page, slug="agenda", title="Agenda", show_in_menus=True
    )

    menu = menu_of(page_html(client, "/le-collectif/"))
    assert "Qui sommes-nous" in menu
    assert f'href="{new.url}"' in menu


def test_a_restricted_page_leaves_the_menu_and_asks_for_a_login(client, press_site):
    collective = Page.objects.get(slug="le-collectif")
    assert "Le collectif" in menu_of(page_html(client, "/"))
    PageViewRestriction.objects.create(page=collective, restriction_type="login")
    assert "Le collectif" not in menu_of(page_html(client, "/"))
    assert client.get("/le-collectif/").status_code == 302


def test_a_child_renamed_without_a_signal_is_still_routed(client, press_site):
    """A page of the home page renamed behind Wagtail's back (no site-wide change): the kept
    children are stale, Wagtail's routing answers for the new slug; the old one goes with the
    next site-wide change."""
    page_html(client)
    collective = Page.objects.get(slug="le-collectif")
    Page.objects.filter(pk=collective.pk).update(slug="collectif", url_path="/accueil/collectif/")
    assert client.get("/collectif/").status_code == 200

    store.clear_all()
    assert client.get("/le-collectif/").status_code == 404


def test_pages_below_a_child_are_routed_without_reading_it(client, press_site):
    release = PressReleasePage.objects.live().first()
    client.get(release.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(release.url)
    assert response.status_code == 200
    press_table = PressIndexPage._meta.db_table
    assert not any(f'FROM "{press_table}"' in query["sql"] for query in queries.captured_queries)
    assert client.get("/presse/").context["page"].intro == PressIndexPage.objects.get().intro


def test_a_legal_page_deep_in_the_tree_renamed_shows_in_the_footer(client, press_site):
    collective = Page.objects.get(slug="le-collectif")
    privacy = StandardPageFactory(parent=collective, slug="vie-privee", title="Vie privée")
    site_settings = SiteSettings.for_site(press_site)
    site_settings.privacy_page = privacy
    site_settings.save()
    assert "Vie privée" in page_html(client)

    privacy.title = "Vos données"
    privacy.save_revision().publish()
    assert "Vos données" in page_html(client)


def test_a_new_site_root_is_routed_at_once(client, press_site):
    page_html(client, "/")
    collective = Page.objects.get(slug="le-collectif")
    site = Site.objects.get(pk=press_site.pk)
    site.root_page = collective
    site.save()
    assert "<h1>Le collectif</h1>" in page_html(client, "/")
    assert client.get("/presse/").status_code == 404


def test_a_view_restriction_drops_the_cached_page(client, press_site, page_cache):
    client.get("/le-collectif/")
    assert client.get("/le-collectif/")["X-Cache"] == "HIT"
    PageViewRestriction.objects.create(
        page=Page.objects.get(slug="le-collectif"), restriction_type="login"
    )
    response = client.get("/le-collectif/")
    assert response.status_code == 302  # to the login page, not the cached public copy


def test_a_route_of_a_kept_child_reads_its_content_once(client, press_site):
    """The press room's feed is a route of the kept child: its view is bound to the page with
    its content, read in one query, not field by field."""
    client.get("/presse/rss/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/presse/rss/")
    assert response.status_code == 200
    press_table = PressIndexPage._meta.db_table
    reads = [query for query in queries.captured_queries if press_table in query["sql"]]
    assert len(reads) == 1
