import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from cms.models import SiteSettings
from cms.templatetags.cms_tags import french_date, section_of_type
from press.models import LINKED_RELEASE_FIELDS, PressIndexPage, PressReleasePage

register = template.Library()

# The same escapes as Django's json_script: the JSON can never close its <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("press/includes/latest_releases.html", takes_context=True)
def latest_releases(context, count=3):
    releases = (
        PressReleasePage.objects.live()
        .public()
        .newest_first()
        .with_lead_images()
        .only(*LINKED_RELEASE_FIELDS)[:count]
    )
    return {
        "releases": releases,
        # Found once per page by base.html (`press_index_link`).
        "press_index_url": context.get("press_url", ""),
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def press_index_link(context):
    """The press room's URL; the press room and its releases know it without a query."""
    page = context.get("page")
    request = context.get("request")  # keeps the sites' root paths for every page URL
    if isinstance(page, PressIndexPage):
        return page.get_url(request)
    if isinstance(page, PressReleasePage):
        # Wagtail's routing keeps the parent it went through
        return page.get_parent().get_url(request)
    press_room = section_of_type(context, PressIndexPage)
    return press_room.get_url(request) if press_room else ""


@register.simple_tag
def filter_options(field):
    """The <option> elements of a press room filter (a bound choice field), its value selected:
    written here rather than by a template loop over the field's subwidgets, which builds a
    widget context for each of the hundred-odd options. Every value is escaped."""
    value = field.value()
    chosen = "" if value is None else str(value)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (choice, " selected" if str(choice) == chosen else "", label)
            for choice, label in field.field.choices
        ),
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return context["request"].build_absolute_uri(url)


@register.filter
def dateline(release):
    """« Lille, le 23 novembre 2023 »."""
    date = french_date(release.release_date)
    if not release.dateline_place:
        return date
    return _("%(place)s, le %(date)s") % {"place": release.dateline_place, "date": date}


@register.simple_tag(takes_context=True)
def release_json_ld(context, release):
    """A schema.org NewsArticle for the release, safe to embed in the page."""
    request = context["request"]
    settings = SiteSettings.for_request(request)
    url = release.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.title,
        "description": release.standfirst,
        "dateline": dateline(release),
        "datePublished": localtime(release.published_at).isoformat(),
        "dateModified": localtime(release.last_published_at or release.published_at).isoformat(),
        "inLanguage": "fr-FR",
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {
            "@type": "Organization",
            "name": settings.organisation_name,
            "description": settings.organisation_descriptor,
            "url": request.build_absolute_uri("/"),
        },
    }
    if release.social_image:
        data["image"] = [request.build_absolute_uri(release.social_image.url)]
    partners = context.get("partners") or []
    if partners:
        data["about"] = [
            {"@type": "Organization", "name": partner.title, "url": partner.get_full_url(request)}
            for partner in partners
        ]
    corrections = [entry for entry in release.change_log if entry["kind"] == "correction"]
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": entry["note"],
                "datePublished": localtime(entry["published_at"]).isoformat(),
            }
            for entry in corrections
        ]
    topics = [topic.name for topic in release.topic_list]
    if topics:
        data["keywords"] = topics
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308
    )
