"""What each content app contributes to the site-wide parts of `cms/`.

`cms/` imports no content app: each app fills this registry from its `AppConfig.ready()`, and
the sitemap, the page cache, the moderation, the URLs and the demo content read it.
"""

from dataclasses import dataclass, field


@dataclass
class Registry:
    # Sitemap sections: {name: wagtail.contrib.sitemaps.Sitemap subclass}, in the index's order.
    sitemap_sections: dict = field(default_factory=dict)
    # Models shown on many pages (snippets, reference data): saving one drops the page cache.
    cache_models: list = field(default_factory=list)
    # Callables (site) -> site-relative paths the CDN purges on every change (feeds…).
    purge_paths: list = field(default_factory=list)
    # Page models whose new pages go through the « Relecture » workflow.
    moderated_page_models: list = field(default_factory=list)
    # URL patterns served outside the page tree, included before Wagtail's catch-all.
    urlpatterns: list = field(default_factory=list)
    # (order, callable) building the demo content; lower orders run first.
    demo_loaders: list = field(default_factory=list)


registry = Registry()


def register_sitemap_section(name, sitemap_class):
    registry.sitemap_sections[name] = sitemap_class


def register_cache_models(*models):
    registry.cache_models.extend(models)


def register_purge_paths(function):
    registry.purge_paths.append(function)


def register_moderated_page_models(*models):
    registry.moderated_page_models.extend(models)


def register_urls(*patterns):
    registry.urlpatterns.extend(patterns)


def register_demo_loader(loader, order):
    registry.demo_loaders.append((order, loader))
    registry.demo_loaders.sort(key=lambda entry: entry[0])
