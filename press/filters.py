"""Filters of the press room: year, topic and partner, as shareable GET parameters."""

import django_filters
from django.db.models import F, Value
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
        choices = {"topic": [], "partner": []}
        for kind, slug, name in self.topic_and_partner_choices(queryset):
            choices[kind].append((slug, name))
        self.filters["topic"].extra["choices"] = choices["topic"]
        self.filters["partner"].extra["choices"] = choices["partner"]

    @staticmethod
    def topic_and_partner_choices(queryset):
        """(kind, slug, name) of the topics and partners of these releases, in one query."""
        topics = (
            PressReleaseTopic.objects.filter(content_object__in=queryset)
            .annotate(kind=Value("topic"), choice_slug=F("tag__slug"), choice_name=F("tag__name"))
            .values_list("kind", "choice_slug", "choice_name")
            .order_by()
        )
        partners = (
            PressReleasePartner.objects.filter(page__in=queryset)
            .annotate(
                kind=Value("partner"),
                choice_slug=F("partner__slug"),
                choice_name=F("partner__title"),
            )
            .values_list("kind", "choice_slug", "choice_name")
            .order_by()
        )
        return topics.union(partners).order_by("kind", "choice_name")

    def filter_year(self, queryset, name, value):
        return queryset.filter(release_date__year=int(value))

    def filter_topic(self, queryset, name, value):
        tagged = PressReleaseTopic.objects.filter(tag__slug=value)
        return queryset.filter(pk__in=tagged.values("content_object_id"))

    def filter_partner(self, queryset, name, value):
        linked = PressReleasePartner.objects.filter(partner__slug=value)
        return queryset.filter(pk__in=linked.values("page_id"))
