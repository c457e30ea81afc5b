"""Storage of rendered pages in Django's cache, under one global version.

A cached response for `https://host/presse/foo/?page=2` is stored with the random version token
current when it was rendered, and read with the current token in one round trip. Any change to
the content replaces the token (`clear_all()`): every stored page becomes stale at once and is
rendered again on its next request. No key is ever listed or scanned, which
works the same on local memory, the database cache and Redis. A token evicted from the cache
simply drops every page.

Other stored products derived from the content (release PDFs, catalogue exports) use the same
version (`global_version()`), so they are renewed by the same changes.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

KEY_PREFIX = "pagecache"
VERSION_KEY = f"{KEY_PREFIX}:version"
# Headers worth replaying; cookies are never stored (responses with cookies are not cached).
STORED_HEADERS = {
    "content-type",
    "cache-control",
    "content-disposition",
    "vary",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "content-security-policy",
    "permissions-policy",
    "link",
    "last-modified",
    "etag",
}


def get_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def timeout():
    return getattr(settings, "PAGE_CACHE_TIMEOUT", 3600)


def _digest(value):
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def global_version():
    """The current version of the content, or None if the cache cannot keep it."""
    cache = get_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        # add(): when two processes race, one token wins and both read it back.
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY)
    return version


def clear_all():
    """Drop every cached page (and nothing else sharing the cache, such as sessions)."""
    get_cache().delete(VERSION_KEY)


def response_key(request):
    """The cache key of this request's response (the version is stored with the response)."""
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{KEY_PREFIX}:page:{_digest(url)}"


def load(key):
    """(current version, stored response of this version with whether its forms wait for a CSRF
    token, or None), in one cache round trip; the version is None if the cache cannot keep it.
    """
    found = get_cache().get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or global_version()
    return version, _current(found.get(key), version)


def _current(stored, version):
    if stored is None or version is None or stored[0] != version:
        return None
    _version, status, headers, content, has_csrf_forms = stored
    return HttpResponse(content, status=status, headers=headers), has_csrf_forms


def save(key, version, response, content, has_csrf_forms=False):
    headers = {name: value for name, value in response.items() if name.lower() in STORED_HEADERS}
    stored = (version, response.status_code, headers, content, has_csrf_forms)
    get_cache().set(key, stored, timeout())


# Dogpile protection: right after an invalidation, the first request for a page takes a short
# lock and renders it; concurrent requests for the same page wait for its result instead of
# rendering it too. The lock expires on its own if its holder dies.


def _lock_key(key, version):
    return f"{key}:rendering:{version}"


def lock(key, version):
    """True if this process is to render the page (no other one is rendering it)."""
    timeout = getattr(settings, "PAGE_CACHE_LOCK_TIMEOUT", 10)
    return get_cache().add(_lock_key(key, version), 1, timeout)


def unlock(key, version):
    get_cache().delete(_lock_key(key, version))


def wait_for(key, version):
    """The response another process is rendering, once stored; None if it gives up (not
    cacheable, an error) or takes longer than PAGE_CACHE_LOCK_WAIT seconds."""
    cache = get_cache()
    deadline = time.monotonic() + getattr(settings, "PAGE_CACHE_LOCK_WAIT", 3)
    # Short polls (a read of two keys each): a waiting request answers soon after the page is
    # stored, rather than up to a long backoff interval later.
    interval = 0.005
    while time.monotonic() < deadline:
        time.sleep(interval)
        found = cache.get_many([key, _lock_key(key, version)])
        if (response := _current(found.get(key), version)) is not None:
            return response
        if _lock_key(key, version) not in found:
            return None
        interval = min(interval * 2, 0.02)
    return None
