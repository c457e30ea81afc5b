"""Per-IP rate limit on the public form, kept in the cache (shared Redis in production)."""

from django.conf import settings
from django.core.cache import cache

from cms.security import client_ip

DEFAULT_RATE = (10, 60 * 60)  # attempts, seconds


def hit(request, scope="census-submission"):
    """Count one attempt; return False once the address has used up its attempts for the window."""
    limit, window = getattr(settings, "CENSUS_RATE_LIMIT", DEFAULT_RATE)
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
