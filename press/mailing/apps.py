from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "press.mailing"
    label = "mailing"
    verbose_name = _("Liste de diffusion presse")

    def ready(self):
        from django.urls import include, path

        from cms.registry import register_urls
        from press.mailing import publishing, tracking  # noqa: F401  (signal receivers)

        register_urls(
            path("liste-presse/", include("press.mailing.urls")),
            path("anymail/", include("anymail.urls")),
        )
