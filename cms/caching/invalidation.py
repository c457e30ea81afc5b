"""Which cached URLs a change affects, and the signal receivers that drop them.

A page is published, unpublished, moved or deleted:
- the page and every URL below it (its routes, e.g. a release's `pdf/`);
- each ancestor (index pages with all their filters and pages, and every route of a routable
  index: `/presse/rss/`, `/presse/atom/`, `/bonnes-pratiques/statistiques/`…), up to the home page;
- the pages that list it outside its branch: partners named by a release
  (`press.PressReleasePartner`) or by a practice (`PracticePage.partners`), and, for a partner,
  the releases and practices that name it — before and after the change — with their index
  pages (a partner's name is a filter of the press room);
- the sitemap (`/sitemap.xml` and every section file) and the search results.
A page shown in the main menu (a child of the site root) or linked from the site settings (the
footer's legal pages) appears on every page: everything is dropped. So is everything when a
snippet (press contacts), a site setting, a site or a view restriction changes: they appear on
(or hide pages from) many pages (footer, header, default press contacts of every release,
listings) and finding them all would cost more than refilling the cache; and after every
`migrate` (a migration may rewrite any content). Dropping everything also renews what each
process keeps of the site, its settings and its menu (cms/sitewide.py). Reference data (a
commune: on every practice card, in the statistics and the home page's key figures) drops every
page but not what the processes keep of the site, which it is no part of.

The cache is dropped at once and again after the transaction commits (a request rendered
between the two could otherwise store the old content); CDN purges (`WAGTAILFRONTENDCACHE`) are
sent after the commit, once for all the changes of a transaction that the first one covers (an
import of many communes). Data derived from a page's address renews with it: the stored exports
of the catalogue (practices/export_files.py).
"""

import re
from functools import cache, reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)
from django.urls import NoReverseMatch, reverse
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from cms import sitemaps
from cms.caching import store

ROUTE_VARIABLE = re.compile(r"[<(\[.*+?\\$|^]")
# Partner links (cross-app contract): (model label, field to the listing page, field to the
# listed page). A link makes each side show the other.
PAGE_LINKS = [
    ("press.PressReleasePartner", "page", "partner"),
]
PAGE_M2M_LINKS = [
    ("practices.PracticePage", "partners"),
]
# Reference data shown on many pages: a change drops every page.
REFERENCE_MODEL_LABELS = ["practices.Commune"]


class Invalidation:
    def __init__(self):
        self.trees = set()
        self.paths = set()
        self.everything = False

    def add_tree(self, url_path):
        self.trees.update(site_paths(url_path))

    def add_path(self, url_path):
        self.paths.update(site_paths(url_path))

    def add_page(self, page, previous_url_path=None):
        url_path = page.url_path
        in_menu = is_menu_page(url_path) or (previous_url_path and is_menu_page(previous_url_path))
        if in_menu or named_by_settings(page):
            self.everything = True
            return
        for path in (url_path, previous_url_path):
            if path:
                self.add_routes_or_tree(path, is_site_root(path))
        for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
            self.add_routes(ancestor)
        linked_paths = set(
            Page.objects.filter(id__in=linked_page_ids(page)).values_list("url_path", flat=True)
        )
        for linked_path in linked_paths:
            self.add_tree(linked_path)
        # Their index pages too: a partner's name is also a filter of the press room.
        parent_paths = {path[: path.rstrip("/").rfind("/") + 1] for path in linked_paths}
        for parent in Page.objects.filter(url_path__in=parent_paths).specific():
            self.add_routes(parent)
        self.add_site_wide()

    def add_routes_or_tree(self, url_path, site_root):
        if site_root:  # the home page: not the whole site below it
            self.add_path(url_path)
        else:
            self.add_tree(url_path)

    def add_routes(self, page):
        """An ancestor: its own URL with every query string, and each of its routes."""
        self.add_path(page.url_path)
        get_routes = getattr(type(page), "get_subpage_urls", None)
        for route in get_routes() if get_routes else ():
            pattern = str(route.pattern).lstrip("^")
            match = ROUTE_VARIABLE.search(pattern)
            literal = pattern[: match.start()] if match else pattern
            if match:  # a route with arguments: everything under its literal prefix
                literal = literal[: literal.rfind("/") + 1]
                self.add_tree(page.url_path + literal)
            elif literal:
                self.add_path(page.url_path + literal)

    def add_every_page(self):
        """Every URL of every site, but not what the processes keep of the site (the global
        token, cms/sitewide.py): every cached URL depends on the tree token of `/`."""
        self.trees.update((root.root_url, "/") for root in Site.get_site_root_paths())
        self.add_site_wide()

    def add_site_wide(self):
        """The sitemap index, every section sitemap (all their pages) and the search."""
        urls = [("sitemap", {}), ("search", {})]
        urls += [("sitemap_section", {"section": section}) for section in sitemaps.SECTIONS]
        for name, kwargs in urls:
            try:
                self.paths.add(("", reverse(name, kwargs=kwargs)))
            except NoReverseMatch:
                continue

    def apply(self):
        self.drop_local()
        if not any(pending.covers(self) for pending in pending_invalidations()):
            transaction.on_commit(self.after_commit)

    def covers(self, other):
        return self.everything or (
            not other.everything and other.trees <= self.trees and other.paths <= self.paths
        )

    def drop_local(self):
        if self.everything:
            store.clear_all()
            return
        store.invalidate_tree({path for _root_url, path in self.trees})
        store.invalidate_path({path for _root_url, path in self.paths})

    def after_commit(self):
        self.drop_local()
        purge_frontend_cache(self)


def pending_invalidations():
    """The invalidations waiting for this transaction's commit that a rollback could only undo
    with the current change (registered outside any savepoint opened since)."""
    connection = transaction.get_connection()
    savepoints = set(connection.savepoint_ids)
    for entry_savepoints, callback, *_robust in connection.run_on_commit:
        pending = getattr(callback, "__self__", None)
        if isinstance(pending, Invalidation) and entry_savepoints <= savepoints:
            yield pending


def site_paths(url_path):
    """A page's `url_path` (`/home/presse/`) → its (root URL, path) on every site serving it."""
    found = set()
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            found.add((root.root_url, "/" + url_path[len(root.root_path) :]))
    return found


def is_site_root(url_path):
    return any(url_path == root.root_path for root in Site.get_site_root_paths())


def is_menu_page(url_path):
    """A direct child of a site root appears in the main menu of every page."""
    return any(
        url_path.startswith(root.root_path) and url_path[len(root.root_path) :].count("/") == 1
        for root in Site.get_site_root_paths()
    )


def named_by_settings(page):
    """Is the page linked from a site setting (the footer's legal pages)?"""
    for model in site_wide_models():
        if not issubclass(model, BaseSiteSetting | BaseGenericSetting):
            continue
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if field.is_relation and issubclass(field.related_model, Page)
        ]
        if names and model.objects.filter(reduce(or_, (Q(**{n: page.pk}) for n in names))).exists():
            return True
    return False


def linked_page_ids(page):
    """Pages listing `page` or listed by it outside its branch (partners ↔ releases, practices)."""
    ids = set()
    for label, left, right in PAGE_LINKS:
        model = get_model(label)
        if model is None:
            continue
        for source, target in ((left, right), (right, left)):
            ids.update(
                model.objects.filter(**{f"{source}_id": page.pk}).values_list(
                    f"{target}_id", flat=True
                )
            )
    for label, field_name in PAGE_M2M_LINKS:
        model = get_model(label)
        if model is None:
            continue
        field = model._meta.get_field(field_name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        for one, other in ((source, target), (target, source)):
            ids.update(
                through.objects.filter(**{f"{one}_id": page.pk}).values_list(
                    f"{other}_id", flat=True
                )
            )
    ids.update(getattr(page, "_cache_linked_page_ids", ()))
    ids.discard(page.pk)
    return ids


def get_model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def purge_frontend_cache(invalidation):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    root_urls = {root.root_url for root in Site.get_site_root_paths()}
    if invalidation.everything:
        # A CDN purge of every URL would take thousands of API calls: the home page and the
        # site-wide URLs are purged, the rest expires after PAGE_CACHE_S_MAXAGE.
        invalidation = Invalidation()
        invalidation.paths.add(("", "/"))
        invalidation.add_site_wide()
    urls = set()
    for root_url, path in invalidation.trees | invalidation.paths:
        urls.update(root + path for root in ([root_url] if root_url else root_urls))
    purge_urls_from_cache(sorted(urls))


# Receivers --------------------------------------------------------------------------------------


def remember_before_save(sender, instance, **kwargs):
    """Before a live page is saved, note its address and links: a publish may change them."""
    if isinstance(instance, Page) and instance.pk and instance.live:
        instance._cache_linked_page_ids = linked_page_ids(instance)
        instance._cache_previous_url_path = (
            Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()
        )


def page_changed(sender, instance, **kwargs):
    invalidation = Invalidation()
    previous_url_path = getattr(instance, "_cache_previous_url_path", None)
    invalidation.add_page(
        instance,
        previous_url_path=previous_url_path if previous_url_path != instance.url_path else None,
    )
    invalidation.apply()


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live and sender is Page:
        page_changed(sender, instance)


def page_moved(sender, instance, url_path_before, url_path_after, parent_page_before, **kwargs):
    invalidation = Invalidation()
    invalidation.add_page(instance, previous_url_path=url_path_before)
    for ancestor in [parent_page_before, *parent_page_before.get_ancestors().filter(depth__gt=1)]:
        invalidation.add_routes(ancestor.specific)
    invalidation.apply()


def slug_changed(sender, instance, instance_before, **kwargs):
    invalidation = Invalidation()
    invalidation.add_page(instance, previous_url_path=instance_before.url_path)
    invalidation.apply()


def everything_changed(sender, instance=None, action="post_save", **kwargs):
    if action.startswith("pre_"):
        return
    invalidation = Invalidation()
    invalidation.everything = True
    invalidation.apply()


def site_wide_model_saved(sender, **kwargs):
    if sender in site_wide_models():
        everything_changed(sender, **kwargs)
    elif sender in reference_models():
        invalidation = Invalidation()
        invalidation.add_every_page()
        invalidation.apply()


def site_wide_relation_changed(sender, action, **kwargs):
    if sender in site_wide_relations():
        everything_changed(sender, action=action, **kwargs)


@cache
def site_wide_models():
    """Snippets, settings, sites and view restrictions: shown on (or hiding from) many pages.
    Read once all apps are ready."""
    models = {Site, PageViewRestriction, *get_snippet_models()}
    models.update(
        model
        for model in apps.get_models()
        if issubclass(model, BaseSiteSetting | BaseGenericSetting)
    )
    return frozenset(models)


@cache
def reference_models():
    return frozenset(filter(None, map(get_model, REFERENCE_MODEL_LABELS)))


@cache
def site_wide_relations():
    return frozenset(
        field.remote_field.through
        for model in site_wide_models()
        for field in model._meta.many_to_many
    )


def connect():
    pre_save.connect(remember_before_save, dispatch_uid="pagecache-before-save")
    page_published.connect(page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
    pre_delete.connect(page_deleted, sender=Page, dispatch_uid="pagecache-deleted")
    post_page_move.connect(page_moved, dispatch_uid="pagecache-moved")
    page_slug_changed.connect(slug_changed, dispatch_uid="pagecache-slug")
    # Snippets register when wagtail.snippets is ready, after this app: filtered at send time.
    post_save.connect(site_wide_model_saved, dispatch_uid="pagecache-site-wide-save")
    post_delete.connect(site_wide_model_saved, dispatch_uid="pagecache-site-wide-delete")
    m2m_changed.connect(site_wide_relation_changed, dispatch_uid="pagecache-site-wide-m2m")
    post_migrate.connect(
        everything_changed, sender=apps.get_app_config("cms"), dispatch_uid="pagecache-migrate"
    )
