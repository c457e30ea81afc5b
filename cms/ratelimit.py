"""A per-client fixed-window counter in Django's cache, for the public forms."""

import logging

from django.core.cache import cache

from cms.security import client_ip

logger = logging.getLogger(__name__)


def allow(request, scope, limit, window):
    """Count this request; False once the client has made more than `limit` within `window`
    seconds. The address is the proxy-aware one (settings.TRUSTED_PROXY_COUNT).

    A cache out of reach counts nothing (django-redis's IGNORE_EXCEPTIONS answers None): the
    form stays open and the outage is logged."""
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    if count is None:
        logger.warning("Rate limit not counted: the cache is out of reach (failing open).")
        return True
    return count <= limit
