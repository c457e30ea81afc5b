from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et pages")

    def ready(self):
        from cms.registry import register_demo_loader
        from home import demo

        register_demo_loader(demo.load, order=10)
        register_demo_loader(demo.link_sections, order=90)
