from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from cms import checks, moderation  # noqa: F401 (checks: registered on import)
        from cms.caching import invalidation

        invalidation.connect()
        moderation.connect()
