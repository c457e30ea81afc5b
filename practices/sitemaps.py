"""The sitemap section of the case studies, thousands of them."""

from cms.sitemaps import PageSitemap
from practices.models import PracticePage


class PracticeSitemap(PageSitemap):
    model = PracticePage
