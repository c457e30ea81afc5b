"""Every change to what many pages show (settings, menu, footer, sites, view restrictions) is
visible on the next request, page cache on."""

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from cms.models import SiteSettings
from home.models import StandardPage
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


def page_html(client, url="/le-collectif/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def menu_of(html):
    return html[html.index('<nav class="main-menu"') : html.index("</nav>")]


def test_edited_settings_show_at_once(client, press_site, page_cache):
    page_html(client)
    site_settings = SiteSettings.for_site(press_site)
    site_settings.organisation_name = "Collectif rebaptisé"
    site_settings.save()
    assert "Collectif rebaptisé" in page_html(client)


def test_a_menu_page_published_shows_at_once(client, press_site, page_cache):
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


def test_a_restricted_page_leaves_the_menu_and_asks_for_a_login(client, press_site, page_cache):
    collective = Page.objects.get(slug="le-collectif")
    assert "Le collectif" in menu_of(page_html(client, "/"))
    PageViewRestriction.objects.create(page=collective, restriction_type="login")
    assert "Le collectif" not in menu_of(page_html(client, "/"))
    assert client.get("/le-collectif/").status_code == 302


def test_a_child_renamed_without_a_signal_is_routed_at_once(client, press_site):
    """A page of the home page renamed behind Wagtail's back (no signal): nothing kept its old
    address."""
    page_html(client)
    collective = Page.objects.get(slug="le-collectif")
    Page.objects.filter(pk=collective.pk).update(slug="collectif", url_path="/accueil/collectif/")
    assert client.get("/collectif/").status_code == 200
    assert client.get("/le-collectif/").status_code == 404


def test_a_legal_page_deep_in_the_tree_renamed_shows_in_the_footer(client, press_site, page_cache):
    collective = Page.objects.get(slug="le-collectif")
    privacy = StandardPageFactory(parent=collective, slug="vie-privee", title="Vie privée")
    site_settings = SiteSettings.for_site(press_site)
    site_settings.privacy_page = privacy
    site_settings.save()
    assert "Vie privée" in page_html(client)

    privacy.title = "Vos données"
    privacy.save_revision().publish()
    assert "Vos données" in page_html(client)


def test_a_new_site_root_is_routed_at_once(client, press_site, page_cache):
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
