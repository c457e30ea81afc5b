from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CensusConfig(AppConfig):
    name = "practices.census"
    label = "census"
    verbose_name = _("Recensement des bonnes pratiques")

    def ready(self):
        from practices.census import signals  # noqa: F401
