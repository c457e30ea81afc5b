from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_vocabularies(sender, **kwargs):
    """Create the vocabularies' rows (after every migrate: they are reference data)."""
    from practices.models import DeviceTypeTerm, ThemeTerm

    DeviceTypeTerm.sync()
    ThemeTerm.sync()


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Bonnes pratiques")

    def ready(self):
        # Imported here, once the models are loaded.
        from django.urls import include, path

        from cms import registry
        from practices import communes, demo
        from practices.models import Commune, DeviceTypeTerm, ThemeTerm
        from practices.sitemaps import CommuneSitemap, PracticeSitemap

        post_migrate.connect(sync_vocabularies, sender=self)
        registry.register_urls(path("communes/", include(communes)))
        registry.register_sitemap_section("pratiques", PracticeSitemap)
        registry.register_sitemap_section("communes", CommuneSitemap)
        registry.register_cache_models(Commune, DeviceTypeTerm, ThemeTerm)
        registry.register_demo_loader(demo.load, 40)
