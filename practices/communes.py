"""Commune profiles (`/communes/<code INSEE>/`) and their index (`/communes/`).

Every commune of the reference list has its profile, with or without practices: a commune
without any is part of the diagnostic too. The profile compares the commune with the communes
of its population band and of its EPCI (share of communes having each device type, practices per
10,000 inhabitants) in three aggregate queries, whatever the number of communes and practices.

The practices counted are the published ones of the site's catalogue, as the catalogue lists
them.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms.pagination import page_number
from cms.templatetags.cms_tags import section_of_type, site_sections
from cms.text import clean_query
from practices import vocabularies as vocab
from practices.filters import ordered, search_terms
from practices.models import Commune, DeviceLink, PracticeIndexPage, PracticePage
from practices.views import cards

COMMUNES_PER_PAGE = 50
PROFILE_PRACTICES = 20  # the latest; the catalogue filtered on the commune lists them all
INSEE_CODE = re.compile(vocab.INSEE_CODE_PATTERN, re.IGNORECASE)


@dataclass
class Group:
    """The commune itself, or the communes it is compared with, and what they do."""

    label: str
    detail: str  # the band's or the EPCI's name
    communes: int
    population: int | None
    practices: int  # in the communes whose population is known (for the ratio)
    devices: dict = field(default_factory=dict)  # device type slug -> communes having it

    @property
    def practices_per_10000(self):
        if not self.population:
            return None
        return Decimal(self.practices * 10_000) / Decimal(self.population)

    def share(self, device):
        """Percentage of the group's communes with at least one practice of `device`."""
        if not self.communes:
            return None
        return Decimal(self.devices.get(device, 0) * 100) / Decimal(self.communes)


def published_practices(sections):
    """The site's catalogue among its `sections` (those base.html reads for the menu) and its
    published practices (none when the site has no catalogue)."""
    catalogue = section_of_type({"site_sections": sections}, PracticeIndexPage)
    if catalogue is None:
        return None, PracticePage.objects.none()
    catalogue = catalogue.specific_deferred
    return catalogue, catalogue.practices()


def group_lookups(commune):
    """{group: (commune field, value)}: the commune itself and the groups it is compared with."""
    groups = {"commune": ("pk", commune.pk)}
    if commune.population_band:
        groups["band"] = ("population_band", commune.population_band)
    if commune.epci_name:
        groups["epci"] = ("epci_name", commune.epci_name)
    return groups


def in_group(lookup, path=""):
    """The condition « in the group » on a commune, or on a model reaching it through `path`."""
    name, value = lookup
    return Q(**{f"{path}{name}": value})


@dataclass
class Comparison:
    groups: list  # [Group], the commune first
    practices: int  # the commune's published practices
    devices: list  # [(device type label, the commune's practices of that type)], those present

    @property
    def device_rows(self):
        """The device types some group has: (label, [share of communes, per group])."""
        return [
            (label, [group.share(device) for group in self.groups])
            for device, label in vocab.DeviceType.choices
            if any(group.devices.get(device) for group in self.groups)
        ]


def compare(commune, practices):
    """The commune and the communes of its band and its EPCI, in three aggregate queries."""
    groups = group_lookups(commune)
    devices = list(enumerate(vocab.DeviceType.values))
    communes = Commune.objects.aggregate(
        **{f"{key}_communes": Count("pk", filter=in_group(g)) for key, g in groups.items()},
        **{f"{key}_population": Sum("population", filter=in_group(g)) for key, g in groups.items()},
    )
    # Per 10,000 inhabitants: the practices of the communes whose population is known.
    known_population = Q(commune__population__gt=0)
    counted = practices.aggregate(
        **{
            f"{key}_practices": Count("pk", filter=in_group(g, "commune__") & known_population)
            for key, g in groups.items()
        },
        total=Count("pk", filter=Q(commune=commune)),
    )
    links = DeviceLink.objects.filter(practicepage__in=practices.values("pk")).aggregate(
        **{
            f"{key}_{index}": Count(
                "practicepage__commune",
                distinct=True,
                filter=in_group(g, "practicepage__commune__") & Q(devicetypeterm=device),
            )
            for key, g in groups.items()
            for index, device in devices
        },
        **{
            f"practices_{index}": Count(
                "pk", filter=Q(practicepage__commune=commune, devicetypeterm=device)
            )
            for index, device in devices
        },
    )
    labels = {
        "commune": (commune.name, ""),
        "band": (_("Communes de la même strate"), commune.population_band_label),
        "epci": (_("Communes de la même intercommunalité"), commune.epci_name),
    }
    return Comparison(
        groups=[
            Group(
                *labels[key],
                communes=communes[f"{key}_communes"],
                population=communes[f"{key}_population"],
                practices=counted[f"{key}_practices"],
                devices={device: links[f"{key}_{index}"] for index, device in devices},
            )
            for key in groups
        ],
        practices=counted["total"],
        devices=[
            (label, links[f"practices_{index}"])
            for index, (_device, label) in enumerate(vocab.DeviceType.choices)
            if links[f"practices_{index}"]
        ],
    )


@require_safe
def profile(request, insee_code):
    if not INSEE_CODE.match(insee_code):
        raise Http404  # before any query: a code can be ten kilobytes long
    commune = get_object_or_404(Commune, insee_code=insee_code.upper())
    sections = site_sections({"request": request})
    catalogue, practices = published_practices(sections)
    comparison = compare(commune, practices)
    shown = ordered(cards(practices.filter(commune=commune)))[:PROFILE_PRACTICES]
    return render(
        request,
        "practices/commune_profile.html",
        {
            "site_sections": sections,
            "commune": commune,
            "practices": shown,
            "comparison": comparison,
            "catalogue_url": f"{catalogue.get_url(request)}?commune={commune.insee_code}"
            if catalogue
            else "",
        },
    )


def practice_counts(practices):
    """Each commune's number of published practices, as a subquery of a commune listing."""
    counts = (
        practices.filter(commune=OuterRef("pk"))
        .order_by()
        .values("commune")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


@require_safe
def index(request):
    query = clean_query(request.GET.get("q", ""))
    communes = Commune.objects.all()
    for term in search_terms(query):
        communes = communes.filter(search_text__contains=term)
    sections = site_sections({"request": request})
    _catalogue, practices = published_practices(sections)
    communes = communes.annotate(practice_count=practice_counts(practices)).order_by(
        "search_text", "insee_code"
    )
    paginator = Paginator(communes, COMMUNES_PER_PAGE)
    try:
        page_obj = paginator.page(page_number(request.GET.get("page")))
    except EmptyPage as error:
        raise Http404 from error
    return render(
        request,
        "practices/commune_index.html",
        {
            "site_sections": sections,
            "query": query,
            "page_obj": page_obj,
            "communes": page_obj.object_list,
        },
    )


app_name = "communes"
urlpatterns = [
    path("", index, name="index"),
    path("<str:insee_code>/", profile, name="profile"),
]
