"""A per-IP fixed-window counter in Django's cache (Redis in production)."""

from django.core.cache import cache

from cms.security import client_ip

SUBSCRIBE_LIMIT = 5
SUBSCRIBE_WINDOW = 60 * 60


def too_many(request, scope, limit=SUBSCRIBE_LIMIT, window=SUBSCRIBE_WINDOW):
    """Counts this request; True once the client went over `limit` within `window` seconds."""
    # The proxy-aware address (settings.TRUSTED_PROXY_COUNT), as for the admin login.
    key = f"mailing:ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
