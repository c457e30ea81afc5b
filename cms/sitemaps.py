"""The XML sitemap: an index (`/sitemap.xml`) of section sitemaps (`/sitemap/<section>.xml`),
each cut into files of `LIMIT` URLs (`?p=2`, `?p=3`…).

- `pages`: every live, public page of the site except those of the large sections;
- `communiques`, `pratiques`: press releases and practices, thousands of them.

A single sitemap of every page took 2.7 s at 15,000 pages. The index needs, for each section,
its number of files and its latest change (the `lastmod` of its files): one query per section
(Django's default would load every page for the latter). A file costs that query and one for
its pages.
"""

from functools import cached_property

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_views

from cms.queries import public

LIMIT = 500


class PageSitemap(Sitemap):
    """Live, public pages of the request's site; `model_label` narrows them to one page type."""

    limit = LIMIT
    model_label = None

    def model(self):
        return apps.get_model(self.model_label)

    def pages(self):
        root = self.get_wagtail_site().root_page
        return public(
            self.model().objects.live().descendant_of(root, inclusive=True).defer_streamfields()
        )

    def items(self):
        return self.pages().order_by("path")

    @cached_property
    def summary(self):
        """Number of pages and latest publication, in one query (Django would load every page
        for the latter)."""
        lastmod = Coalesce("last_published_at", "latest_revision_created_at")
        return self.pages().aggregate(count=Count("pk"), latest=Max(lastmod))

    @cached_property
    def paginator(self):
        paginator = Paginator(self._items(), self.limit)
        paginator.count = self.summary["count"]
        return paginator

    def get_latest_lastmod(self):
        return self.summary["latest"]


class ReleaseSitemap(PageSitemap):
    model_label = "press.PressReleasePage"


class PracticeSitemap(PageSitemap):
    model_label = "practices.PracticePage"


class OtherPagesSitemap(PageSitemap):
    """Every page type but the large sections', as their specific class (their own sitemap URLs,
    e.g. the catalogue's statistics page) without loading their specific fields."""

    model_label = "wagtailcore.Page"
    large_sections = [ReleaseSitemap, PracticeSitemap]

    def pages(self):
        large = [section().model() for section in self.large_sections]
        return super().pages().not_type(*large)

    def items(self):
        return super().items().specific(defer=True)


SECTIONS = {
    "pages": OtherPagesSitemap,
    "communiques": ReleaseSitemap,
    "pratiques": PracticeSitemap,
}


def index(request):
    return wagtail_views.index(request, SECTIONS, sitemap_url_name="sitemap_section")


def section(request, section):
    # Only <loc> and <lastmod>: Django's template also tests changefreq, priority and
    # alternates for every URL, which these sitemaps never have.
    return wagtail_views.sitemap(
        request, SECTIONS, section=section, template_name="sitemaps/urlset.xml"
    )
