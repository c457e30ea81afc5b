"""Views of the catalogue (routes of PracticeIndexPage) and the case study's extra context.

They receive the page and read the practices through its methods: this module imports no model.
"""

import json

from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects

from cms.renditions import attach_renditions, renditions_prefetch, specs
from practices import statistics as practice_statistics
from practices.exports import licence
from practices.filters import COMMUNE, Selection, faceted_search, ordered, with_latest_follow_up
from practices.maps import practice_map

PER_PAGE = 20
# The columns a card shows (practice_card.html): the title, url_path for Wagtail's page URL, the
# related commune and image (their own columns), and the practice's figures and badges.
CARD_FIELDS = (
    "title",
    "url_path",
    "summary",
    "start_date",
    "status",
    "is_example",
    "verification_status",
    "lead_image",
    "commune__name",
    "commune__population",
)
# The renditions the templates show: practice_card.html, and the lead image and the photos of
# practice_page.html.
CARD_IMAGE = specs("format-{avif,webp,jpeg}|fill-480x270")
LEAD_IMAGE = specs("format-{avif,webp,jpeg}|width-{480,960}")
PHOTO = specs("format-{avif,webp,jpeg}|fill-480x320")


def device_types_prefetch():
    """The practices' device types as a list, `device_type_list`, which the cards show: a
    plain attribute, where a prefetch into `device_types` builds a related manager and its
    queryset on each practice."""
    return Prefetch("device_types", to_attr="device_type_list")


def cards(practices):
    """The practices with what their cards show: commune, device types (`device_type_list`),
    lead image, and the date of their latest follow-up (`latest_follow_up`)."""
    return card_rows(practices).prefetch_related(
        renditions_prefetch("lead_image", CARD_IMAGE), device_types_prefetch()
    )


def card_rows(practices):
    """As `cards()`, without their renditions and device types: for a caller that reads them
    with other images and practices'."""
    practices = practices.only(*CARD_FIELDS).select_related("commune", "lead_image")
    return with_latest_follow_up(practices)


def catalogue(request, index):
    selection = Selection.from_querydict(request.GET, index.communes())
    search = faceted_search(index.counted_practices(), selection)
    listed = selection.apply(index.practices())
    paginator = Paginator(ordered(cards(listed)), PER_PAGE)
    paginator.count = search.total  # already counted with the facets
    page_obj = paginator.get_page(request.GET.get("page"))
    querystring = selection.querystring()
    communes = next(facet for facet in search.facets if facet.facet is COMMUNE)
    return index.render(
        request,
        context_overrides={
            "practice_map": practice_map(communes.counts),
            "selection": selection,
            "facets": search.facets,
            "chips": selection.chips(search.facets),
            "total": search.total,
            "page_obj": page_obj,
            "practices": page_obj.object_list,
            "filter_querystring": querystring,
            "export_csv_url": _route_url(request, index, "export_csv", querystring),
            "export_json_url": _route_url(request, index, "export_json", querystring),
            "statistics_url": _route_url(request, index, "statistics", querystring),
            "licence": licence(),
        },
    )


def statistics(request, index):
    communes = index.communes()
    selection = Selection.from_querydict(request.GET, communes)
    figures = practice_statistics.compute(selection.apply(index.counted_practices()), communes)
    querystring = selection.querystring()
    return index.render(
        request,
        template="practices/practice_statistics.html",
        context_overrides={
            "selection": selection,
            "figures": figures,
            "catalogue_url": index.get_url(request) + (f"?{querystring}" if querystring else ""),
        },
    )


def _route_url(request, index, name, querystring):
    url = index.get_url(request) + index.reverse_subpage(name)
    return f"{url}?{querystring}" if querystring else url


def case_study_context(page, request):
    similar_practices = list(card_rows(page.similar_practices()))
    photos = list(page.photos.select_related("image"))
    if getattr(request, "is_preview", False):
        # The terms of the editor's form, which the link tables do not hold yet.
        prefetch_related_objects(similar_practices, device_types_prefetch())
        page.device_type_list, page.theme_list = (
            list(page.device_types.all()),
            list(page.themes.all()),
        )
    else:
        page.read_terms(similar_practices)
    # The renditions of the lead images and of the photos, in one query.
    attach_renditions(
        ([page.lead_image], LEAD_IMAGE),
        ([practice.lead_image for practice in similar_practices], CARD_IMAGE),
        ([photo.image for photo in photos], PHOTO),
    )
    device_types, themes = page.device_type_list, page.theme_list
    return {
        "device_types": device_types,
        "themes": themes,
        "partners": list(page.partners.live()),
        "documents": list(page.documents.select_related("document")),
        "follow_ups": list(
            page.follow_ups.select_related("document").order_by("date", "sort_order")
        ),
        "photos": photos,
        "similar_practices": similar_practices,
        "json_ld": json.dumps(
            json_ld(page, request, device_types, themes), ensure_ascii=False
        ).replace("<", "\\u003c"),
    }


def json_ld(page, request, device_types, themes):
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "inLanguage": "fr",
        "about": [str(term) for term in [*device_types, *themes]],
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    commune = page.commune
    if commune:
        place = {
            "@type": "Place",
            "name": commune.name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": commune.name,
                "addressRegion": "Nord" if commune.department == "59" else commune.department,
                "addressCountry": "FR",
            },
        }
        if commune.latitude is not None and commune.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(commune.latitude),
                "longitude": float(commune.longitude),
            }
        data["spatialCoverage"] = place
    if page.start_date:
        data["temporalCoverage"] = (
            f"{page.start_date.isoformat()}/{page.end_date.isoformat() if page.end_date else '..'}"
        )
    return data
