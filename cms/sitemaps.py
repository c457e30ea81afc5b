"""The XML sitemap: an index (`/sitemap.xml`) of section sitemaps (`/sitemap/<section>.xml`),
each cut into files of `LIMIT` URLs (`?p=2`, `?p=3`…).

`pages` holds every live, public page of the site except those of the sections the apps
register (`cms.registry.register_sitemap_section`: press releases, practices — thousands of
pages each). The index needs each section's number of files and latest change: one aggregate
query per section instead of loading every page.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_views
from wagtail.models import Page

from cms.pages import pages
from cms.registry import registry

LIMIT = 500
# What a page's sitemap URL reads (Wagtail's `get_sitemap_urls` and `get_url_parts`): the pages
# of a section are loaded with these fields only, hundreds per file.
URL_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "content_type",
    "locale",
    "translation_key",
    "last_published_at",
    "latest_revision_created_at",
)


class PageSitemap(Sitemap):
    """Live, public pages of the request's site; `model` narrows them to one page type."""

    limit = LIMIT
    model = Page

    def pages(self):
        root = self.get_wagtail_site().root_page
        return (
            pages(self.model)
            .live()
            .public()
            .descendant_of(root, inclusive=True)
            .defer_streamfields()
        )

    def items(self):
        return self.pages().order_by("path").only(*URL_FIELDS)

    @cached_property
    def summary(self):
        lastmod = Coalesce("last_published_at", "latest_revision_created_at")
        return self.pages().aggregate(count=Count("pk"), latest=Max(lastmod))

    @cached_property
    def paginator(self):
        paginator = Paginator(self._items(), self.limit)
        paginator.count = self.summary["count"]
        return paginator

    def get_latest_lastmod(self):
        return self.summary["latest"]


class OtherPagesSitemap(PageSitemap):
    """Every page not in a registered section, as its specific class (for its own sitemap
    URLs, e.g. the catalogue's statistics page) without loading its specific fields."""

    def pages(self):
        sections = [  # the sections of pages (a section may list something else)
            section.model
            for section in registry.sitemap_sections.values()
            if issubclass(section, PageSitemap)
        ]
        return super().pages().not_type(*sections)

    def items(self):
        return self.pages().order_by("path").specific(defer=True)


def sections():
    return {"pages": OtherPagesSitemap, **registry.sitemap_sections}


def index(request):
    return wagtail_views.index(request, sections(), sitemap_url_name="sitemap_section")


def section(request, section):
    # Only <loc> and <lastmod>: Django's template also tests changefreq, priority and
    # alternates for every URL, which these sitemaps never have.
    return wagtail_views.sitemap(
        request, sections(), section=section, template_name="sitemaps/urlset.xml"
    )
