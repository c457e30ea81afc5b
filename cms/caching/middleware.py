"""Serve anonymous GET/HEAD requests from the page cache and fill it.

Placed after WhiteNoise and Django's conditional GET middleware (a stored page keeps its ETag,
so a request naming it gets a 304), before the security headers and the session middleware: a hit
costs one cache round trip and no database query, and replays the headers the page was stored
with. What is cached: 200 responses to GET/HEAD from visitors without a session or
flash-message cookie, outside the admin, whose view did not opt out (`never_cache`,
`cache_control(private=True)`), and that set no cookie but the CSRF one.

Pages are `public` with `s-maxage`, and vary on no cookie, for the CDN. A page rendering
`{% csrf_token %}` (the census form) is stored with a placeholder instead of the token; each
visitor gets the page with a token of their own and the CSRF cookie that goes with it, exactly as
Django would have rendered it; such a page is `private`. Every response that is not cached gets
`Cache-Control: private, no-cache` unless its view chose a policy, so that neither a CDN nor a
shared proxy keeps an editor's page (with the Wagtail userbar), a preview or an error.
"""

import re

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag

from cms.caching import store

CACHEABLE_METHODS = {"GET", "HEAD"}
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store", "max-age=0")
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"


def cache_enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def excluded_paths():
    return getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ("/admin/", "/documents/"))


def personal_cookies():
    """Cookies that make a response personal: session (logged-in editors) and flash messages."""
    return {settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGES_COOKIE_NAME", "messages")}


def is_cacheable_request(request):
    return (
        request.method in CACHEABLE_METHODS
        and not request.path.startswith(excluded_paths())
        and not personal_cookies().intersection(request.COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and not getattr(request, "is_preview", False)
        and not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)
    )


def content_to_store(response):
    """(content with a placeholder for each CSRF token, has forms), None if a token is elsewhere."""
    if settings.CSRF_COOKIE_NAME not in response.cookies:
        return response.content, False
    content, count = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
    return (content, True) if count else None


def with_csrf_token(request, response):
    """Fill the placeholders with this visitor's token, and set the cookie it matches."""
    csrf = CsrfViewMiddleware(lambda request: response)
    csrf.process_request(request)  # reads the visitor's CSRF cookie, if any
    response.content = response.content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    return csrf.process_response(request, response)


def public_cache_control(response):
    patch_cache_control(
        response,
        public=True,
        max_age=getattr(settings, "PAGE_CACHE_MAX_AGE", 60),
        s_maxage=getattr(settings, "PAGE_CACHE_S_MAXAGE", 300),
    )
    # The same page for every request it is served to, whatever its cookies: an editor's
    # session cookie, the one that changes a public page (Wagtail's user bar), bypasses this
    # cache and must bypass the CDN's (docs/cache-et-performances.md). `Vary: Cookie` would
    # make a CDN keep a copy per visitor with any cookie.
    vary = cc_delim_re.split(response.get("Vary", ""))
    vary = [field for field in vary if field and field.lower() != "cookie"]
    if vary:
        response["Vary"] = ", ".join(vary)
    else:
        response.headers.pop("Vary", None)


def private_cache_control(response):
    if "Cache-Control" not in response and not response.streaming:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def from_cache(request, cached):
    response, has_csrf_forms = cached
    response["X-Cache"] = "HIT"
    if has_csrf_forms:
        return private_cache_control(with_csrf_token(request, response))
    return response  # stored with its public Cache-Control


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cache_enabled():
            return self.get_response(request)
        if not is_cacheable_request(request):
            return private_cache_control(self.get_response(request))
        key = store.response_key(request)
        version, cached = store.load(key)
        if version is None:  # the cache cannot keep anything
            return private_cache_control(self.get_response(request))
        if cached is not None:
            return from_cache(request, cached)
        if not store.lock(key, version):
            if (cached := store.wait_for(key, version)) is not None:
                return from_cache(request, cached)
            return self.render(request, key, version)
        try:
            return self.render(request, key, version)
        finally:
            store.unlock(key, version)

    def render(self, request, key, version):
        response = self.get_response(request)
        if not is_cacheable_response(request, response):
            return private_cache_control(response)
        stored = content_to_store(response)
        if stored is None:
            return private_cache_control(response)
        content, has_csrf_forms = stored
        if not has_csrf_forms:
            public_cache_control(response)
            set_response_etag(response)  # stored with it, rather than computed at each hit
        store.save(key, version, response, content, has_csrf_forms)
        response["X-Cache"] = "MISS"
        return private_cache_control(response)
