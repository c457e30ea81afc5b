"""Views of the catalogue (routes of PracticeIndexPage) and the case study's extra context."""

import json

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from wagtail.images import get_image_model

from practices import statistics as practice_statistics
from practices.exports import licence
from practices.filters import COMMUNE, DeviceLink, Selection, ThemeLink, faceted_search, ordered
from practices.maps import practice_map
from practices.models import PracticePage, flagged_terms, published_practices, with_term_flags

PER_PAGE = 20
SIMILAR_COUNT = 3


def listing(queryset):
    """The card columns of a list of practices, with everything the card template reads.

    Evaluate it with `cards`, which adds the lead images' renditions.
    """
    return with_term_flags(
        queryset.defer_streamfields().defer("search_text").select_related("commune", "lead_image"),
        "device_types",
    )


def cards(practices):
    """The listed practices, their lead images' renditions loaded in one query.

    The query runs whether or not a listed practice has a lead image, so that a page costs the
    same number of queries whatever its content.
    """
    practices = list(practices)
    if not practices:
        return practices
    rendition_model = get_image_model().get_rendition_model()
    lead_images = PracticePage.objects.filter(pk__in=[practice.pk for practice in practices])
    renditions = {}
    for rendition in rendition_model.objects.filter(
        image_id__in=lead_images.values("lead_image_id")
    ):
        renditions.setdefault(rendition.image_id, []).append(rendition)
    for practice in practices:
        if practice.lead_image:
            image = practice.lead_image
            image.prefetched_renditions = renditions.get(image.pk, [])
            for rendition in image.prefetched_renditions:
                rendition.image = image  # as Django's prefetch does: no query back to the image
    return practices


def catalogue(request, index):
    selection = Selection.from_querydict(request.GET)
    search = faceted_search(index.practices(), selection)
    paginator = Paginator(ordered(listing(search.queryset)), PER_PAGE)
    paginator.count = search.total  # already counted by the facets' aggregate query
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = cards(page_obj.object_list)
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
            "export_csv_url": _route_url(index, "export_csv", querystring),
            "export_json_url": _route_url(index, "export_json", querystring),
            "statistics_url": _route_url(index, "statistics", querystring),
            "licence": licence(),
        },
    )


def statistics(request, index):
    selection = Selection.from_querydict(request.GET)
    figures = practice_statistics.compute(selection.apply(index.practices()))
    querystring = selection.querystring()
    return index.render(
        request,
        template="practices/practice_statistics.html",
        context_overrides={
            "selection": selection,
            "figures": figures,
            "catalogue_url": index.url + (f"?{querystring}" if querystring else ""),
        },
    )


def _route_url(index, name, querystring):
    url = index.url + index.reverse_subpage(name)
    return f"{url}?{querystring}" if querystring else url


def similar_practices(page, device_ids, theme_ids):
    """Up to three live practices sharing a device type (first) or a theme, latest start first.

    One query: the best three are chosen on narrow rows (key, score, start date), then read with
    their cards' columns; sorting every candidate's full row cost more than the rest of the page.
    At worst (common device types and themes) the candidates are read once, in one scan.
    """
    same_device = DeviceLink.objects.filter(devicetypeterm_id__in=device_ids).values(
        "practicepage_id"
    )
    same_theme = ThemeLink.objects.filter(themeterm_id__in=theme_ids).values("practicepage_id")
    score = Case(
        When(pk__in=same_device, then=Value(2)), default=Value(0), output_field=IntegerField()
    ) + Case(When(pk__in=same_theme, then=Value(1)), default=Value(0), output_field=IntegerField())
    best_first = ["-score", F("start_date").desc(nulls_last=True), "pk"]
    best = (
        published_practices()
        .exclude(pk=page.pk)
        .filter(Q(pk__in=same_device) | Q(pk__in=same_theme))
        .annotate(score=score)
        .order_by(*best_first)
        .values("pk")[:SIMILAR_COUNT]
    )
    return cards(
        listing(PracticePage.objects.filter(pk__in=best))
        .annotate(score=score)
        .order_by(*best_first)
    )


def case_study_context(page):
    device_types = page.listed_device_types  # read from the routing query's columns
    themes = flagged_terms(page, "themes")
    if themes is None:  # previews are not routed
        themes = list(page.themes.all())
    return {
        "device_types": device_types,
        "themes": themes,
        "partners": list(page.partners.live()),
        "documents": list(page.documents.select_related("document")),
        "photos": list(page.photos.select_related("image").prefetch_related("image__renditions")),
        "similar_practices": similar_practices(
            page, [term.slug for term in device_types], [term.slug for term in themes]
        ),
        "json_ld": json.dumps(json_ld(page, device_types, themes), ensure_ascii=False).replace(
            "<", "\\u003c"
        ),
    }


def json_ld(page, device_types, themes):
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": page.summary,
        "url": page.full_url,
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
