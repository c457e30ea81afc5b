from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Espace presse")

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from press.models import PressIndexPage
        from press.press_room import forget_press_index_url

        for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
            signal.connect(forget_press_index_url, sender=PressIndexPage)
        post_delete.connect(forget_press_index_url, sender=PressIndexPage)

        from press import signals

        signals.connect()
