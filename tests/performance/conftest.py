import pytest
from django.core.cache import cache


@pytest.fixture
def press_site(demo_site):
    """The whole demo: home, standard pages, press room, partners, practices."""
    return demo_site


@pytest.fixture
def page_cache(settings):
    """The page cache switched on (it is off in the test settings), empty."""
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield cache
    cache.clear()
