"""Dropping the page cache when the content changes, and purging the CDN.

Any change that can show on a public page drops the whole page cache (one new version,
`store.clear_all()`): publishing, unpublishing, moving, renaming or deleting a page, and saving or
deleting a snippet, a setting, an image, a document, a collection, a tag, a site, a view
restriction or a model an app registers (`cms.registry.register_cache_models`: reference data).
An editorial site publishes a few times a day; refilling the cache costs less than working out
which pages show what, and nothing can stay stale.

The cache is dropped at once and again after the transaction commits (a request rendered
between the two would otherwise store the old content). The CDN (`WAGTAILFRONTENDCACHE`) is
purged after the commit: the changed page, its ancestors, the home page, the feeds and the
sitemap; the rest expires after `PAGE_CACHE_S_MAXAGE`. The URLs of all the changes of one
transaction go in one purge.
"""

import threading

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.urls import NoReverseMatch, reverse
from taggit.models import Tag
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms import sitemaps
from cms.caching import store
from cms.registry import registry

_pending = threading.local()


def drop_page_cache():
    store.clear_all()
    transaction.on_commit(store.clear_all)


def schedule_purge(url_paths=()):
    """Purge, after the commit, the pages at `url_paths` (Wagtail `url_path`s) and the URLs
    every change affects."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = getattr(_pending, "urls", None)
    if urls is None:
        urls = _pending.urls = set()
    for url_path in url_paths:
        urls.update(full_urls(url_path))
    transaction.on_commit(purge_pending)


def purge_pending():
    """Purge what the transaction's changes scheduled (the first of its callbacks does it all;
    URLs left by a rolled-back transaction go with the next purge)."""
    urls, _pending.urls = getattr(_pending, "urls", None), None
    if urls is not None:  # once per transaction: the site-wide URLs are worked out here
        purge_urls_from_cache(sorted(urls | site_wide_urls()))


def full_urls(url_path):
    """A page's `url_path` (`/home/presse/`) → its URL on every site serving it."""
    return {
        root.root_url + "/" + url_path[len(root.root_path) :]
        for root in Site.get_site_root_paths()
        if url_path.startswith(root.root_path)
    }


def site_wide_urls():
    """The home page of every site, the sitemap and the paths the apps register (feeds)."""
    paths = []
    for name, kwargs in [
        ("sitemap", {}),
        *(("sitemap_section", {"section": s}) for s in sitemaps.sections()),
    ]:
        try:
            paths.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    urls = set()
    for site in Site.objects.all():
        root_url = site.root_url
        site_paths = ["/", *paths]
        for function in registry.purge_paths:
            site_paths += function(site)
        urls.update(root_url + path for path in site_paths)
    return urls


def page_and_ancestors(page, url_path=None):
    ancestors = page.get_ancestors().filter(depth__gt=1).values_list("url_path", flat=True)
    return [url_path or page.url_path, *ancestors]


# Receivers --------------------------------------------------------------------------------------


def page_changed(sender, instance, **kwargs):
    drop_page_cache()
    schedule_purge(page_and_ancestors(instance))


def page_moved(sender, instance, url_path_before, parent_page_before, **kwargs):
    drop_page_cache()
    schedule_purge(
        [*page_and_ancestors(instance), *page_and_ancestors(parent_page_before), url_path_before]
    )


def page_renamed(sender, instance, instance_before, **kwargs):
    drop_page_cache()
    schedule_purge([*page_and_ancestors(instance), instance_before.url_path])


def content_changed(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed: after the change only
        drop_page_cache()
        schedule_purge()


def content_models():
    """Models that show on (or hide) public pages, other than pages themselves."""
    models = {
        Site,
        PageViewRestriction,
        Collection,
        Tag,
        get_image_model(),
        get_document_model(),
        *registry.cache_models,
    }
    models.update(
        model
        for model in apps.get_models()
        if issubclass(model, BaseSiteSetting | BaseGenericSetting)
    )
    return models


def connect():
    page_published.connect(page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="pagecache-deleted")
    post_page_move.connect(page_moved, dispatch_uid="pagecache-moved")
    page_slug_changed.connect(page_renamed, dispatch_uid="pagecache-slug")
    for model in content_models():
        uid = f"pagecache-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"{uid}-{field.name}")
    post_migrate.connect(
        content_changed, sender=apps.get_app_config("cms"), dispatch_uid="pagecache-migrate"
    )
