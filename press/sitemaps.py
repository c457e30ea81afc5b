"""The press releases' own sitemap section (`/sitemap/communiques.xml`)."""

from cms.sitemaps import PageSitemap
from press.models import PressReleasePage


class ReleaseSitemap(PageSitemap):
    model = PressReleasePage
