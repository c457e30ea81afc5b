"""A per-IP fixed-window counter in Django's cache (Redis in production)."""

from django.core.cache import cache

SUBSCRIBE_LIMIT = 5
SUBSCRIBE_WINDOW = 60 * 60


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is forgeable unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "unknown")


def too_many(request, scope, limit=SUBSCRIBE_LIMIT, window=SUBSCRIBE_WINDOW):
    """Counts this request; True once the client went over `limit` within `window` seconds."""
    key = f"mailing:ratelimit:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
