"""Figures of the statistics page, in a constant number of queries.

Coverage of the Nord: communes of the department (PRACTICES_DEPARTMENT, "59" by default) having
at least one published practice, divided by the Commune records of that department. With the
full INSEE reference imported the denominator is the 648 communes of the Nord; with the sample
file it is the sample's communes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Count, Sum, When
from django.utils.translation import gettext as _

from practices import vocabularies as vocab
from practices.charts import bar_chart
from practices.filters import BAND, COMMUNE, DEVICE, THEME, YEAR, count_options
from practices.vocabularies import department_of

# Budgets per inhabitant: the practices whose budget and commune population are known.
KNOWN_BUDGET = Case(When(commune__population__gt=0, then="budget"))
KNOWN_BUDGET_POPULATION = Case(
    When(budget__isnull=False, commune__population__gt=0, then="commune__population")
)


def department():
    return getattr(settings, "PRACTICES_DEPARTMENT", "59")


@dataclass
class Statistics:
    total: int
    charts: list
    communes_total: int
    communes_covered: int
    participants: int
    participants_known: int
    budget: int
    budget_known: int
    euros_per_inhabitant: Decimal | None
    department: str

    @property
    def coverage(self):
        if not self.communes_total:
            return None
        return Decimal(self.communes_covered * 100) / Decimal(self.communes_total)


def compute(practices, communes):
    """`practices`: the filtered queryset of the catalogue; `communes`: the reference ones."""
    counted = count_options(
        practices,
        [DEVICE, THEME, YEAR, BAND, COMMUNE],
        total=Count("pk"),
        participants_sum=Sum("participants"),
        participants_known=Count("participants"),
        budget_sum=Sum(KNOWN_BUDGET),
        budget_known=Count(KNOWN_BUDGET),
        budget_population=Sum(KNOWN_BUDGET_POPULATION),
    )
    figures = counted.aggregated
    devices, themes, years, bands = (
        counted.options[facet.param] for facet in (DEVICE, THEME, YEAR, BAND)
    )
    in_department = department()
    communes_covered = sum(
        1 for code in counted.options[COMMUNE.param] if department_of(code) == in_department
    )
    communes_total = communes.filter(department=in_department).count()
    euros = None
    if figures["budget_population"]:
        euros = Decimal(figures["budget_sum"]) / Decimal(figures["budget_population"])
    count_label = _("Nombre de pratiques")
    charts = [
        bar_chart(
            "dispositifs",
            _("Pratiques par type de dispositif"),
            _("Une pratique peut relever de plusieurs types de dispositif."),
            _("Type de dispositif"),
            count_label,
            sorted(
                ((label, devices.get(value, 0)) for value, label in vocab.DeviceType.choices),
                key=lambda row: -row[1],
            ),
        ),
        bar_chart(
            "themes",
            _("Pratiques par thème"),
            _("Une pratique peut porter sur plusieurs thèmes."),
            _("Thème"),
            count_label,
            sorted(
                ((label, themes.get(value, 0)) for value, label in vocab.Theme.choices),
                key=lambda row: -row[1],
            ),
        ),
        bar_chart(
            "strates",
            _("Pratiques par taille de commune"),
            _("Strates de population municipale de la commune de la pratique."),
            _("Taille de la commune"),
            count_label,
            [(label, bands.get(value, 0)) for value, label in vocab.PopulationBand.choices],
        ),
        bar_chart(
            "annees",
            _("Pratiques par année de lancement"),
            _("Les pratiques sans date de début ne sont pas comptées."),
            _("Année"),
            count_label,
            sorted(years.items()),
        ),
    ]
    return Statistics(
        total=figures["total"],
        charts=charts,
        communes_total=communes_total,
        communes_covered=communes_covered,
        participants=figures["participants_sum"] or 0,
        participants_known=figures["participants_known"],
        budget=figures["budget_sum"] or 0,
        budget_known=figures["budget_known"],
        euros_per_inhabitant=euros,
        department=in_department,
    )
