"""Serve anonymous GET/HEAD requests from the page cache and fill it.

Placed right after WhiteNoise, before the session middleware: a hit costs two cache reads and
no database query. What is cached: 200 responses to GET/HEAD from visitors without a session or
flash-message cookie, outside the admin, that set no cookie (a page rendering `{% csrf_token %}`
sets the CSRF cookie, so it is never cached and its token is always fresh) and whose view did
not opt out (`never_cache`, `cache_control(private=True)`). Everything else gets
`Cache-Control: private, no-cache` unless the view chose its own policy, so that neither a CDN
nor a shared proxy keeps an editor's page (with the Wagtail userbar) or a form.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

from cms.caching import store

CACHEABLE_METHODS = {"GET", "HEAD"}
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store", "max-age=0")


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
        and not response.cookies
        and not getattr(request, "is_preview", False)
        and not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)
    )


def public_cache_control(response):
    patch_cache_control(
        response,
        public=True,
        max_age=getattr(settings, "PAGE_CACHE_MAX_AGE", 60),
        s_maxage=getattr(settings, "PAGE_CACHE_S_MAXAGE", 300),
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cache_enabled():
            return self.get_response(request)
        if not is_cacheable_request(request):
            return self.mark_private(self.get_response(request))
        key = store.response_key(request)
        if key is not None:
            cached = store.load(key)
            if cached is not None:
                public_cache_control(cached)
                cached["X-Cache"] = "HIT"
                return cached
        response = self.get_response(request)
        if key is not None and is_cacheable_response(request, response):
            public_cache_control(response)
            store.save(key, response)
            response["X-Cache"] = "MISS"
            return response
        return self.mark_private(response)

    @staticmethod
    def mark_private(response):
        if "Cache-Control" not in response and not response.streaming:
            patch_cache_control(response, private=True, no_cache=True)
        return response
