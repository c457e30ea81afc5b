import pytest
from django.core.cache import cache
from wagtail.models import Site

import home.demo
import partners.demo
import press.demo


@pytest.fixture
def press_site(db):
    """Home, standard pages, partners and the press room of the demo (not the practices)."""
    home_page = home.demo.load()
    partners.demo.load(home_page)
    press.demo.load(home_page)
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def page_cache(settings):
    """The page cache switched on (it is off in the test settings), empty."""
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield cache
    cache.clear()
