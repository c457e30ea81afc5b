from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import CallToActionBlock
from cms.pages import BasePage, route_below
from press.blocks import PressBodyBlock


class HomePage(BasePage):
    hero_heading = models.CharField(
        _("titre d'accroche"),
        max_length=255,
        blank=True,
        help_text=_("Laissez vide pour afficher le nom du collectif."),
    )
    hero_text = models.TextField(_("texte d'accroche"), blank=True)
    calls_to_action = StreamField(
        [("call_to_action", CallToActionBlock())],
        blank=True,
        max_num=3,
        verbose_name=_("boutons d'appel à l'action"),
    )
    body = StreamField(PressBodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("calls_to_action"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return route_below(self, request, path_components)


class StandardPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(PressBodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("page standard")
        verbose_name_plural = _("pages standard")
