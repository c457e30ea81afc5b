"""Filters of the press room: year, topic and partner, as shareable GET parameters."""

import django_filters
from django.utils.translation import gettext_lazy as _

from press.models import PressReleasePartner, PressReleaseTopic


class ReleaseFilterSet(django_filters.FilterSet):
    """Invalid or unknown values fail their field's validation and are simply ignored."""

    year = django_filters.ChoiceFilter(
        label=_("Année"), empty_label=_("Toutes les années"), method="filter_year"
    )
    topic = django_filters.ChoiceFilter(
        label=_("Thème"), empty_label=_("Tous les thèmes"), method="filter_topic"
    )
    partner = django_filters.ChoiceFilter(
        label=_("Partenaire"), empty_label=_("Tous les partenaires"), method="filter_partner"
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["year"].extra["choices"] = [
            (str(day.year), str(day.year)) for day in queryset.dates("release_date", "year", "DESC")
        ]
        self.filters["topic"].extra["choices"] = list(
            PressReleaseTopic.objects.filter(content_object__in=queryset)
            .values_list("tag__slug", "tag__name")
            .distinct()
            .order_by("tag__name")
        )
        self.filters["partner"].extra["choices"] = list(
            PressReleasePartner.objects.filter(page__in=queryset)
            .values_list("partner__slug", "partner__title")
            .distinct()
            .order_by("partner__title")
        )

    def filter_year(self, queryset, name, value):
        return queryset.filter(release_date__year=int(value))

    def filter_topic(self, queryset, name, value):
        tagged = PressReleaseTopic.objects.filter(tag__slug=value)
        return queryset.filter(pk__in=tagged.values("content_object_id"))

    def filter_partner(self, queryset, name, value):
        linked = PressReleasePartner.objects.filter(partner__slug=value)
        return queryset.filter(pk__in=linked.values("page_id"))
