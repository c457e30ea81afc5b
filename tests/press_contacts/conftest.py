import json

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from tests.factories.home import HomePageFactory, StandardPageFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """The press room URL and site root paths are cached: start every test afresh."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_home(db):
    """A bare site (no demo content): a home page as the default site's root."""
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="accueil")
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    return home


@pytest.fixture
def page_with_contacts(site_home):
    """Build a standard page whose body holds one press contacts block."""

    def build(contacts=(), inline_contacts=(), slug="contacts-bloc"):
        value = {
            "title": "Contacts presse",
            "contacts": [contact.pk for contact in contacts],
            "inline_contacts": list(inline_contacts),
        }
        return StandardPageFactory(
            parent=site_home,
            slug=slug,
            body=json.dumps([{"type": "press_contacts", "value": value}]),
        )

    return build
