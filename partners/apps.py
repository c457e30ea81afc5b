from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partenaires")

    def ready(self):
        from cms.registry import register_demo_loader
        from partners import demo

        register_demo_loader(demo.load, order=20)
