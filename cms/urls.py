from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import sitemaps, views
from cms.registry import registry

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", views.search, name="search"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap/<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    # The apps' own URLs outside the page tree, before Wagtail's catch-all.
    *registry.urlpatterns,
    # A page route named like a file: `…/invitation.ics`, `…/export/datapackage.json`.
    re_path(r"^(?P<page_path>(?:[\w\-]+/)*)(?P<filename>[\w\-]+\.[a-z0-9]{2,5})$", views.page_file),
]

if getattr(settings, "SERVE_MEDIA", False):
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += [
    re_path(wagtail_urls.serve_pattern, views.serve_page),  # Wagtail's, named there for reverse()
    path("", include(wagtail_urls)),
]
