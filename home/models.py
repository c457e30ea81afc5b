from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import CallToActionBlock
from cms.pages import BasePage
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
        """The page at a URL, found in one query by its `url_path` (Wagtail's routing reads two
        rows per level of the tree); its own routes (feeds, exports…) take the rest of the path.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{slug}/" for slug in path_components[:length])
            for length in range(1, len(path_components) + 1)
        ]
        found = list(Page.objects.filter(url_path__in=prefixes).order_by("depth"))
        if not found:
            raise Http404
        parent = self
        for page in found:  # each page's ancestors, as Wagtail's routing leaves them
            page._cached_parent_obj = parent
            parent = page
        page = found[-1].specific
        page._cached_parent_obj = found[-1]._cached_parent_obj
        return page.route(request, path_components[len(found) :])


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
