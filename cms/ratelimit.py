"""A per-client fixed-window counter in Django's cache, for the public forms."""

from django.core.cache import cache

from cms.security import client_ip


def allow(request, scope, limit, window):
    """Count this request; False once the client has made more than `limit` within `window`
    seconds. The address is the proxy-aware one (settings.TRUSTED_PROXY_COUNT)."""
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
