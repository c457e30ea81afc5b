from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "press.mailing"
    label = "mailing"
    verbose_name = _("Liste de diffusion presse")

    def ready(self):
        from press.mailing import publishing, tracking  # noqa: F401  (signal receivers)
