from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Espace presse")

    def ready(self):
        from django.urls import include, path
        from wagtail.signals import page_published

        from cms import registry
        from press import changes, demo, signals
        from press.models import PressContact, PressIndexPage, PressReleasePage
        from press.purge import press_room_paths
        from press.sitemaps import ReleaseSitemap

        signals.connect(PressReleasePage)
        page_published.connect(changes.record_change, sender=PressReleasePage)
        registry.register_urls(path("", include("press.urls")))
        registry.register_cache_models(PressContact)
        registry.register_moderated_page_models(PressIndexPage)
        registry.register_purge_paths(press_room_paths)
        registry.register_demo_loader(demo.load, 30)
        registry.register_sitemap_section("communiques", ReleaseSitemap)
