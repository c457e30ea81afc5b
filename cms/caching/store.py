"""Storage of rendered pages in Django's cache, with versions for invalidation.

A cached response for `https://host/presse/foo/?page=2` lives under a key that embeds random
version tokens:

- one global token (`clear_all()` replaces it: every page becomes a miss);
- one "tree" token for each path prefix (`/`, `/presse/`, `/presse/foo/`):
  `invalidate_tree("/presse/foo/")` drops the page and every URL below it (routes such as `pdf/`);
- one "exact" token for the path itself: `invalidate_path("/presse/")` drops the index page and
  all its query-string variants (filters, pagination) but not the pages below it.

Replacing a token makes the old entries unreachable; they expire on their own. No key is ever
listed or scanned, which works the same on local memory and on Redis. A token evicted from the
cache simply invalidates what depended on it.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

KEY_PREFIX = "pagecache"
# Headers worth replaying; cookies are never stored (responses with cookies are not cached).
STORED_HEADERS = {
    "content-type",
    "content-language",
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


def _global_key():
    return f"{KEY_PREFIX}:global"


def _tree_key(path):
    return f"{KEY_PREFIX}:tree:{_digest(path)}"


def _exact_key(path):
    return f"{KEY_PREFIX}:exact:{_digest(path)}"


def _digest(value):
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def prefixes(path):
    """`/presse/foo/pdf/` → `/`, `/presse/`, `/presse/foo/`, `/presse/foo/pdf/`."""
    parts = [part for part in path.split("/") if part]
    found = ["/"]
    for index in range(len(parts)):
        prefix = "/" + "/".join(parts[: index + 1])
        found.append(prefix + "/" if index < len(parts) - 1 or path.endswith("/") else prefix)
    return found


def _version_keys(path):
    return [_global_key(), *(_tree_key(prefix) for prefix in prefixes(path)), _exact_key(path)]


def _versions(cache, path):
    keys = _version_keys(path)
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            # add(): when two processes race, one token wins and both read it back.
            cache.add(key, secrets.token_hex(8), None)
        found = cache.get_many(keys)
        if len(found) != len(keys):  # the cache refuses to store: behave as a miss
            return None
    return "-".join(found[key] for key in keys)


def response_key(request, path=None):
    """The cache key of this request's response, or None if the cache is unavailable."""
    cache = get_cache()
    path = path or request.path
    versions = _versions(cache, path)
    if versions is None:
        return None
    query = request.META.get("QUERY_STRING", "")
    url = f"{request.scheme}://{request.get_host()}{path}?{query}"
    return f"{KEY_PREFIX}:page:{_digest(versions + url)}"


def path_version(path):
    """The tokens a cached response of `path` depends on, or None if the cache cannot keep them.

    Whatever drops `path` from the page cache (with all its query strings) changes the value,
    whether the page cache is on or off: a version for data derived from that address, such as
    the stored exports of practices/export_files.py.
    """
    return _versions(get_cache(), path)


def load(key):
    """The stored response and whether its forms wait for a CSRF token, or None."""
    stored = get_cache().get(key)
    if stored is None:
        return None
    status, headers, content, has_csrf_forms = stored
    return HttpResponse(content, status=status, headers=headers), has_csrf_forms


def save(key, response, content, has_csrf_forms=False):
    headers = {name: value for name, value in response.items() if name.lower() in STORED_HEADERS}
    stored = (response.status_code, headers, content, has_csrf_forms)
    get_cache().set(key, stored, timeout())


def invalidate_tree(paths):
    """Drop every cached URL at or below each path."""
    get_cache().delete_many([_tree_key(path) for path in paths])


def invalidate_path(paths):
    """Drop each path with all its query strings, but not the URLs below it."""
    get_cache().delete_many([_exact_key(path) for path in paths])


def global_version():
    """The token `clear_all()` replaces, or None if the cache cannot keep it: a version for
    whatever changes with the whole site (see cms/sitewide.py)."""
    cache = get_cache()
    version = cache.get(_global_key())
    if version is None:
        cache.add(_global_key(), secrets.token_hex(8), None)
        version = cache.get(_global_key())
    return version


def clear_all():
    """Drop every cached page (and nothing else sharing the cache, such as sessions)."""
    get_cache().delete(_global_key())
