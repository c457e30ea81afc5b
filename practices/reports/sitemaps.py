"""The reports' own sitemap section (`/sitemap/rapports.xml`)."""

from cms.sitemaps import PageSitemap
from practices.reports.models import ReportPage


class ReportSitemap(PageSitemap):
    model = ReportPage
