from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from cms.converters import IdConverter

# When Django reads the apps' configurations, before their models: the routes of routable pages
# are read with their classes.
register_converter(IdConverter, "id")


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from cms import checks, moderation  # noqa: F401 (checks: registered on import)
        from cms.caching import invalidation

        invalidation.connect()
        moderation.connect()
