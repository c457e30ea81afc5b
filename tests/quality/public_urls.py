"""The site's public URLs, discovered from the demo content and the URL configuration.

New sections are covered without editing this module: every live page type of the demo tree,
every route of its routable pages, and every non-page URL pattern outside the admin.
"""

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

# Not public pages of the site: the admin, third-party endpoints (ESP webhooks authenticated by
# HTTP Basic), Wagtail's document and password-restriction views (need existing ids), media files.
EXCLUDED_PREFIXES = ("admin/", "anymail/", "documents/", "_util/", "media/")


@dataclass(frozen=True)
class PublicURL:
    """A URL pattern: `path` may contain `{name}` placeholders, one per converter."""

    label: str
    path: str
    converters: dict = field(default_factory=dict, compare=False, hash=False)
    route_name: str = ""


def _route_to_path(pattern):
    """`confirmation/<str:token>/` → (`confirmation/{token}/`, {"token": <StringConverter>})."""
    if not isinstance(pattern, RoutePattern):
        return None, None
    route = str(pattern)
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    return path, dict(pattern.converters)


def _walk(patterns, prefix="", converters=None):
    for entry in patterns:
        path, entry_converters = _route_to_path(entry.pattern)
        if path is None:
            continue  # regex patterns: Wagtail's catch-all and documents, covered otherwise
        all_converters = {**(converters or {}), **entry_converters}
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + path, all_converters)
        elif isinstance(entry, URLPattern):
            yield prefix + path, all_converters, entry.name or ""


def url_pattern_urls():
    for path, converters, name in _walk(get_resolver().url_patterns):
        if not path.startswith(EXCLUDED_PREFIXES):
            yield PublicURL(f"url:{name or path}", "/" + path, converters, name)


def page_type_urls():
    """One live page of each page type of the demo tree, with the routes of routable pages."""
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().public().order_by("path").first()
        if page is None:
            continue
        page_path = page.get_url()
        if not page_path:
            continue
        label = model._meta.label
        yield PublicURL(f"page:{label}", page_path)
        if issubclass(model, RoutablePageMixin):
            for route in model.get_subpage_urls():
                route_path, converters = _route_to_path(route.pattern)
                if route_path:  # the empty route is the page itself
                    yield PublicURL(
                        f"page:{label}:{route.name}", page_path + route_path, converters, route.name
                    )


def public_urls():
    """Every public URL pattern; needs the demo content (the `demo_site` fixture)."""
    return list(dict.fromkeys([*page_type_urls(), *url_pattern_urls()]))
