"""Filters of the press room: year, topic and partner, as shareable GET parameters."""

import django_filters
from django.db import connections
from django.db.models import CharField, F
from django.db.models.functions import Cast, ExtractYear
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.models import Page

from press.models import PressReleasePartner, PressReleaseTopic

RELEASES = "press_room_releases"  # the common table expression of `release_choices`


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
        choices = {"year": [], "topic": [], "partner": []}
        self.release_count = 0  # all the releases, whatever the filters
        for kind, value, label, count in release_choices(queryset):
            choices[kind].append((value, label))
            if kind == "year":
                self.release_count += count
        choices["year"].reverse()  # newest first
        for name, field_choices in choices.items():
            self.filters[name].extra["choices"] = field_choices

    @property
    def is_filtered(self):
        return any(self.form.cleaned_data.values())

    def filter_year(self, queryset, name, value):
        return queryset.filter(release_date__year=int(value))

    def filter_topic(self, queryset, name, value):
        tagged = PressReleaseTopic.objects.filter(tag__slug=value)
        return queryset.filter(pk__in=tagged.values("content_object_id"))

    def filter_partner(self, queryset, name, value):
        linked = PressReleasePartner.objects.filter(partner__slug=value)
        return queryset.filter(pk__in=linked.values("page_id"))


# Only quoted identifiers are written into it; every value is a parameter.
CHOICES_SQL = """
WITH {releases} AS ({body})
SELECT %s, {releases}.{year}, {releases}.{year}, COUNT(*) FROM {releases}
GROUP BY {releases}.{year}
UNION ALL
SELECT %s, {tag}.{slug}, {tag}.{name}, COUNT(*) FROM {topic_link}
INNER JOIN {tag} ON {tag}.{id} = {topic_link}.{topic_tag}
INNER JOIN {releases} ON {releases}.{release} = {topic_link}.{topic_release}
GROUP BY {tag}.{slug}, {tag}.{name}
UNION ALL
SELECT %s, {page}.{slug}, {page}.{title}, COUNT(*) FROM {partner_link}
INNER JOIN {page} ON {page}.{id} = {partner_link}.{partner_page}
INNER JOIN {releases} ON {releases}.{release} = {partner_link}.{partner_release}
GROUP BY {page}.{slug}, {page}.{title}
ORDER BY 1, 3
"""


def release_choices(releases):
    """(kind, value, label, number of releases) of the years, topics and partners of `releases`,
    by kind then label (years as text, oldest first), in one statement.

    The releases are read once, into a common table expression (their key and year); the years
    are counted over it, and the topic and partner links joined to it. Three readings of the
    5,000 releases before (years, topics, partners).
    """
    connection = connections[releases.db]
    quote = connection.ops.quote_name
    body, params = (
        releases.order_by()
        .values(release=F("pk"), year=Cast(ExtractYear("release_date"), CharField()))
        .query.sql_with_params()
    )
    topic_link, partner_link = PressReleaseTopic._meta, PressReleasePartner._meta
    names = {
        "releases": RELEASES,
        "tag": quote(Tag._meta.db_table),
        "page": quote(Page._meta.db_table),
        "topic_link": quote(topic_link.db_table),
        "topic_tag": quote(topic_link.get_field("tag").column),
        "topic_release": quote(topic_link.get_field("content_object").column),
        "partner_link": quote(partner_link.db_table),
        "partner_page": quote(partner_link.get_field("partner").column),
        "partner_release": quote(partner_link.get_field("page").column),
        **{name: quote(name) for name in ("id", "slug", "name", "title", "release", "year")},
    }
    with connection.cursor() as cursor:
        cursor.execute(
            CHOICES_SQL.format(body=body, **names), [*params, "year", "topic", "partner"]
        )
        return cursor.fetchall()
