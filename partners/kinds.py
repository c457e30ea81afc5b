"""The kinds of partner, and the `?kind=` filter of the partner index."""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COMPANY = "entreprise", _("Entreprise")
    LOCAL_AUTHORITY = "collectivite", _("Collectivité")
    INSTITUTION = "institution", _("Institution")
    MEDIA = "media", _("Média")
    OTHER = "autre", _("Autre")


def selected_kind(query_dict):
    """The requested kind if it is a known one, else None (unknown, empty or huge values).

    A repeated `kind` takes its last value, like Django's `QueryDict.get`.
    """
    value = query_dict.get("kind", "")
    return value if value in PartnerKind.values else None


def kind_counts(partners):
    """{None: the number of `partners`, value: the number of each kind}, counted in one query."""
    counts = partners.order_by().aggregate(
        every=Count("pk"),
        **{value: Count("pk", filter=Q(kind=value)) for value in PartnerKind.values},
    )
    return {None: counts.pop("every"), **counts}


def kinds_present(counts):
    """The (value, label) kinds, in their declared order, that at least one partner has."""
    return [(value, label) for value, label in PartnerKind.choices if counts[value]]
