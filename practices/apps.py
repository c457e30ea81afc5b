from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_vocabularies(sender, **kwargs):
    from practices.models import DeviceTypeTerm, ThemeTerm

    DeviceTypeTerm.sync()
    ThemeTerm.sync()


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Bonnes pratiques")

    def ready(self):
        post_migrate.connect(sync_vocabularies, sender=self)
