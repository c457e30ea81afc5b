from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "press.mailing"
    label = "mailing"
    verbose_name = _("Liste de diffusion presse")

    def ready(self):
        from django.core.checks import register
        from django.urls import include, path

        from cms.registry import register_demo_loader, register_urls
        from press.mailing import demo, publishing, tracking, webhooks  # noqa: F401  (signal receivers)
        from press.mailing.checks import webhook_secret_check

        register(webhook_secret_check)
        register_demo_loader(demo.load, 35)  # after the press room's (30)
        register_urls(
            path("liste-presse/", include("press.mailing.urls")),
            path("anymail/<slug:esp>/tracking/", webhooks.tracking, name="mailing_tracking"),
        )
