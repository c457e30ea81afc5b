"""What every page reads and only a site-wide change alters, kept by each process: the site of
a host name, the site settings, the main menu, the home page's children and whether any page is
restricted. The page is still rendered on every request; these are the per-request queries it
no longer makes (up to six of them).

The values are valid for one version of the page cache's global token
(`cms.caching.store.global_version`), which every site-wide change replaces: a page of the main
menu, a site, a setting, a snippet, a view restriction, a page named by the settings
(cms/caching/invalidation.py). Each process keeps the values of the current version only; the
token costs one cache read per request. As for the page cache, several processes must share
their cache (Redis, `REDIS_URL`) for a change made through one to reach the others.
"""

import copy

from django.db import DEFAULT_DB_ALIAS
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from cms.caching import store

_VERSION_ATTR = "_cms_site_wide_version"
_memo = {"version": None, "values": {}}


def current_version(request=None):
    """The site-wide version, read once per request."""
    if request is not None and hasattr(request, _VERSION_ATTR):
        return getattr(request, _VERSION_ATTR)
    version = store.global_version()
    if request is not None:
        setattr(request, _VERSION_ATTR, version)
    return version


def remembered(key, compute, request=None):
    """`compute()`, computed once per process and site-wide version."""
    version = current_version(request)
    if version is None:  # no cache to hold the version: nothing is kept
        return compute()
    if _memo["version"] != version:
        _memo["version"], _memo["values"] = version, {}
    values = _memo["values"]
    if key not in values:
        values[key] = compute()
    return values[key]


def fresh_copy(instance):
    """A copy of a kept model instance for one request: what a request caches on it (related
    objects, `specific`) stays with that request."""
    clone = copy.copy(instance)
    clone._state = copy.copy(instance._state)
    clone._state.fields_cache = dict(instance._state.fields_cache)
    return clone


def row(instance):
    """The instance as the database returned it: (field names, values), for `Model.from_db`."""
    names = [field.attname for field in instance._meta.concrete_fields]
    return names, [getattr(instance, name) for name in names]


def page_row(page):
    """A page read as `Page`, kept as an instance of its specific class whose own fields are
    deferred: (class, field names, values). The specific class is built without a query; what
    serves the page itself reads its content (`ChildRouteMixin`)."""
    model = page.specific_class or Page
    names, values = row(page)
    if model is not Page:
        names, values = [*names, model._meta.pk.attname], [*values, page.pk]  # page_ptr_id
    return model, names, values


def from_page_row(kept):
    model, names, values = kept
    return model.from_db(DEFAULT_DB_ALIAS, names, values)


def _site_values(hostname, port):
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    return row(site), page_row(site.root_page)


def site_for_request(request):
    """The request's Wagtail site, as `Site.find_for_request` finds it, without a query.

    Built anew for each request from the kept field values. The root page is an instance of
    its specific class (the home page) whose own fields are deferred: routing starts there
    without reading its content, which is read when the home page itself is served
    (`ChildRouteMixin`).
    """
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    values = remembered(("site", hostname, port), lambda: _site_values(hostname, port), request)
    if values is None:
        return None
    site_row, root_row = values
    site = Site.from_db(DEFAULT_DB_ALIAS, *site_row)
    site.root_page = from_page_row(root_row)
    return site


class SiteMiddleware:
    """Sets the Wagtail site of the request (read by routing, settings, menu, sitemap)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)


def restricted_paths():
    """Paths of the pages that carry a view restriction: usually none."""
    return remembered(
        ("restricted paths",),
        lambda: frozenset(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


class ViewRestrictionsMixin:
    """For page models: Wagtail checks the view restrictions of a page and its ancestors before
    serving it (two queries); while no page of the site is restricted, there is none to find."""

    def get_view_restrictions(self):
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def children(page, request=None):
    """{slug: `page_row`} of the children of `page` (the home page: a change to one of its
    children is site-wide)."""
    return remembered(
        ("children", page.pk),
        lambda: {child.slug: page_row(child) for child in page.get_children()},
        request,
    )


def with_content(page):
    """The page with its own fields, if it was kept without them."""
    if not page.get_deferred_fields():
        return page
    loaded = type(page).objects.get(pk=page.pk)
    if hasattr(page, "_cached_parent_obj"):
        loaded._cached_parent_obj = page._cached_parent_obj
    return loaded


class ChildRouteMixin:
    """For the home page: routing goes through its kept children without a query, and a page
    kept without its content (the home page, one of its children) reads it only when it is the
    page served: one query for a child, none for the pages below it.

    A child that is not kept (a new or renamed page not yet seen by this process) is routed by
    Wagtail."""

    def route(self, request, path_components):
        if not path_components:  # the home page itself: Wagtail's routing, with its content
            return super(ChildRouteMixin, with_content(self)).route(request, path_components)
        kept = children(self, request).get(path_components[0])
        if kept is None:
            return super().route(request, path_components)
        child = from_page_row(kept)
        child._cached_parent_obj = self
        result = child.route(request, path_components[1:])
        if result.page is child:  # served itself (a route's view is bound to it): route again
            result = with_content(child).route(request, path_components[1:])
        return result
