"""The XML sitemap: an index (`/sitemap.xml`) of section sitemaps (`/sitemap/<section>.xml`),
each cut into files of `LIMIT` URLs (`?p=2`, `?p=3`…).

`pages` holds every live, public page of the site except those of the sections the apps
register (`cms.registry.register_sitemap_section`: press releases, practices — thousands of
pages each). The index needs each section's number of files and latest change: one aggregate
query per section instead of loading every page.

A section of one page type lists each page once, at the URL Wagtail serves it from
(`Page.get_sitemap_urls` unchanged, which `tests/performance/test_sitemap.py` checks): its file
reads the path and date of its pages as rows instead of loading hundreds of pages. The other
pages are loaded, each giving its own sitemap URLs.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_views
from wagtail.models import Page

from cms.pages import pages
from cms.registry import registry

LIMIT = 500
# A page's <lastmod>, as Wagtail's `Sitemap.lastmod`.
LASTMOD = Coalesce("last_published_at", "latest_revision_created_at")


def w3c_date(moment):
    """A <lastmod>: the day of `moment` in the site's time zone, written here rather than by the
    template's `date` filter (hundreds of URLs per file)."""
    return timezone.localdate(moment).isoformat() if moment else None


class PageSitemap(Sitemap):
    """Live, public pages of the request's site; `model` narrows them to one page type, whose
    pages each have the one sitemap URL Wagtail gives by default."""

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
        return self.pages().order_by("path").values_list("url_path", LASTMOD)

    def _urls(self, page, protocol, domain):
        # Wagtail's `get_url_parts` for each page: the site root's URL, then the page's path
        # below the root.
        root = self.get_wagtail_site().root_page
        root_url, below_root = root.get_full_url(self.request), len(root.url_path)
        self.latest_lastmod = self.summary["latest"]  # the file's Last-Modified
        return [
            {"location": root_url + iri_to_uri(url_path[below_root:]), "lastmod": w3c_date(lastmod)}
            for url_path, lastmod in self.paginator.page(page).object_list
        ]

    @cached_property
    def summary(self):
        return self.pages().aggregate(count=Count("pk"), latest=Max(LASTMOD))

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

    def _urls(self, page, protocol, domain):
        urls = super(PageSitemap, self)._urls(page, protocol, domain)  # each page's own
        return [{**url, "lastmod": w3c_date(url.get("lastmod"))} for url in urls]


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
