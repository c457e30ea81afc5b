from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CensusConfig(AppConfig):
    name = "practices.census"
    label = "census"
    verbose_name = _("Recensement des bonnes pratiques")

    def ready(self):
        # Imported here, once the models are loaded.
        from django.urls import include, path

        from cms import registry
        from practices.census import signals  # noqa: F401 (connects the receivers)

        registry.register_urls(path("bonnes-pratiques/proposer/", include("practices.census.urls")))
