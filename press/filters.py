"""Filters of the press room: year, topic and partner, as shareable GET parameters."""

import django_filters
from django.utils.translation import gettext_lazy as _


class ReleaseFilterSet(django_filters.FilterSet):
    """Filters a queryset of releases (press.models.ReleaseQuerySet), offering only the values
    they use. Invalid or unknown values fail their field's validation and are simply ignored."""

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
        years = queryset.year_counts()
        self.release_count = sum(count for _year, count in years)  # whatever the filters
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year, _count in years]
        self.filters["topic"].extra["choices"] = list(queryset.topic_choices())
        self.filters["partner"].extra["choices"] = list(queryset.partner_choices())

    @property
    def is_filtered(self):
        return any(self.form.cleaned_data.values())

    def filter_year(self, queryset, name, value):
        return queryset.filter(release_date__year=int(value))

    def filter_topic(self, queryset, name, value):
        return queryset.with_topic(value)

    def filter_partner(self, queryset, name, value):
        return queryset.with_partner(value)
