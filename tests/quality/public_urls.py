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


def _page_types():
    return [model for model in get_page_models() if model is not Page]


def _routes(model):
    """(name, path, converters) of a routable page type's routes, its empty route excepted."""
    if not issubclass(model, RoutablePageMixin):
        return
    for route in model.get_subpage_urls():
        route_path, converters = _route_to_path(route.pattern)
        if route_path:  # the empty route is the page itself
            yield route.name, route_path, converters


def page_type_urls():
    """One live page of each page type of the demo tree, with the routes of routable pages."""
    for model in _page_types():
        page = model.objects.live().public().order_by("path").first()
        if page is None:
            continue
        page_path = page.get_url()
        if not page_path:
            continue
        label = model._meta.label
        yield PublicURL(f"page:{label}", page_path)
        for name, route_path, converters in _routes(model):
            yield PublicURL(f"page:{label}:{name}", page_path + route_path, converters, name)


def public_url_labels():
    """The labels `public_urls()` can return, known without the database (for parametrize)."""
    labels = []
    for model in _page_types():
        labels.append(f"page:{model._meta.label}")
        labels += [f"page:{model._meta.label}:{name}" for name, _path, _conv in _routes(model)]
    labels += [url.label for url in url_pattern_urls()]
    return list(dict.fromkeys(labels))


def public_urls():
    """Every public URL pattern; needs the demo content (the `demo_site` fixture)."""
    return list(dict.fromkeys([*page_type_urls(), *url_pattern_urls()]))
