from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import CallToActionBlock
from cms.pages import BasePage, in_restricted_branch
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
        rows per level of the tree) with whether a view restriction applies to it; then read as
        its own type with what its template shows. Its own routes (feeds, exports…) take the
        rest of the path."""
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{slug}/" for slug in path_components[:length])
            for length in range(1, len(path_components) + 1)
        ]
        found = list(
            Page.objects.filter(url_path__in=prefixes)
            .annotate(in_restricted_branch=in_restricted_branch())
            .order_by("depth")
        )
        if not found:
            raise Http404
        parent = self
        for ancestor in found[:-1]:  # the ancestors, as Wagtail's routing leaves them
            ancestor._cached_parent_obj = parent
            parent = ancestor
        page = specific_page(found[-1])
        page._cached_parent_obj = parent
        page.in_restricted_branch = found[-1].in_restricted_branch
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


def specific_page(page):
    """`page` read as its own type, with the foreign keys its template shows."""
    model = page.specific_class
    if model is None or not issubclass(model, BasePage):
        return page.specific
    pages = model.objects.filter(pk=page.pk)
    if model.serve_related:
        pages = pages.select_related(*model.serve_related)
    return pages.get()
