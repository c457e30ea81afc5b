from dataclasses import dataclass

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.pages import site_sections as sections_of_site

register = template.Library()


@register.filter
def french_date(value, with_year=True):
    """« 23 novembre 2023 », « 1er décembre 2023 »: French ordinal for the first of the month."""
    if not value:
        return ""
    day = _("1er") if value.day == 1 else str(value.day)
    month = formats.date_format(value, "F")
    return f"{day} {month} {value.year}" if with_year else f"{day} {month}"


@register.filter
def french_datetime(value):
    """« jeudi 10 décembre 2026 à 10 h 00 », in the site's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    weekday = formats.date_format(local, "l")
    return f"{weekday} {french_date(local)} {_('à')} {local:%H}\u00a0h\u00a0{local:%M}"


@register.simple_tag(takes_context=True)
def page_full_url(context):
    """The full URL of the context's page, None without a routable page: as `page.full_url`,
    with the site's root paths the request has already read instead of reading them again."""
    page = context.get("page")
    return page.get_full_url(context.get("request")) if isinstance(page, Page) else None


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    url_path: str


@register.simple_tag(takes_context=True)
def site_sections(context):
    """The live, public children of the site's root page: the main menu, and the sections
    other templates link to (the press room's feeds, the partners). base.html reads them once
    for the page, as `site_sections`."""
    if "site_sections" in context:
        return context["site_sections"]
    request = context.get("request")
    return sections_of_site(request) if request else []


def section_of_type(context, model):
    """The section page of `model` (a child of the site's root page), or None."""
    return next((page for page in site_sections(context) if page.specific_class is model), None)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The children of the home page shown in menus."""
    request = context.get("request")
    items = [
        MenuItem(page.title, page.get_url(request), page.url_path)
        for page in site_sections(context)
        if page.show_in_menus
    ]
    current = context.get("page")
    return {"items": items, "current_path": getattr(current, "url_path", ""), "request": request}
