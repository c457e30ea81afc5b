"""The press room's URL, cached so every page can link its feeds without a query."""

from django.core.cache import cache

CACHE_KEY = "press:index-url"


def press_index_url():
    """Site-relative URL of the live press room, or "" when there is none."""
    url = cache.get(CACHE_KEY)
    if url is None:
        from press.models import PressIndexPage

        index = PressIndexPage.objects.live().public().first()
        url = (index.url or "") if index else ""
        cache.set(CACHE_KEY, url, timeout=None)
    return url


def forget_press_index_url(**kwargs):
    """Signal receiver: the press room was published, unpublished, moved, renamed or deleted."""
    cache.delete(CACHE_KEY)
