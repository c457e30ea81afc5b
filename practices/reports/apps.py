from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "practices.reports"
    label = "reports"
    verbose_name = _("Rapports")

    def ready(self):
        # Imported here, once the models are loaded.
        from cms import registry
        from practices.reports import demo, signals  # noqa: F401 (signals connects the receivers)
        from practices.reports.sitemaps import ReportSitemap

        registry.register_sitemap_section("rapports", ReportSitemap)
        registry.register_demo_loader(demo.load, 50)
