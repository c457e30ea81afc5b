"""Diagnostic summary of the census, the basis of the « premier rapport ».

Six queries whatever the number of submissions and communes.
"""

import csv
import io
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from practices import vocabularies as vocab
from practices.census.models import PracticeSubmission, SubmissionStatus
from practices.models import Commune, PracticePage

NORD = "59"


@dataclass
class Summary:
    total: int
    by_status: list  # (label, count)
    by_commune: list  # (commune name, INSEE code, EPCI, count)
    by_epci: list  # (EPCI, count)
    by_device: list  # (label, count)
    nord_total: int
    # Communes of the Nord with neither a submission nor a published practice (examples aside)
    uncovered: list

    @property
    def nord_covered(self):
        return self.nord_total - len(self.uncovered)


def build_summary():
    status_counts = dict(
        PracticeSubmission.objects.order_by().values_list("status").annotate(n=Count("pk"))
    )
    by_status = [(label, status_counts.get(value, 0)) for value, label in SubmissionStatus.choices]
    by_commune = list(
        PracticeSubmission.objects.order_by()
        .values_list("commune__name", "commune__insee_code", "commune__epci_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "commune__name")
    )
    by_epci = list(
        PracticeSubmission.objects.order_by()
        .values_list("commune__epci_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "commune__epci_name")
    )
    links = PracticeSubmission.device_types.through.objects
    device_counts = dict(links.order_by().values_list("devicetypeterm_id").annotate(n=Count("pk")))
    by_device = [(label, device_counts.get(value, 0)) for value, label in vocab.DeviceType.choices]
    nord = Commune.objects.filter(department=NORD)
    uncovered = list(
        nord.filter(
            ~Exists(PracticeSubmission.objects.filter(commune=OuterRef("pk"))),
            ~Exists(
                PracticePage.objects.filter(commune=OuterRef("pk"), live=True, is_example=False)
            ),
        )
        .only("name", "insee_code", "epci_name", "population")
        .order_by("name")
    )
    no_epci = _("(sans EPCI)")
    return Summary(
        total=sum(status_counts.values()),
        by_status=by_status,
        by_commune=[(name, code, epci or no_epci, n) for name, code, epci, n in by_commune],
        by_epci=[(epci or no_epci, n) for epci, n in by_epci],
        by_device=by_device,
        nord_total=nord.count(),
        uncovered=uncovered,
    )


def summary_csv(summary):
    """One `;`-separated table (UTF-8 with BOM, for French Excel): section, label, code, count."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("rubrique"), _("libellé"), _("code"), _("nombre")])
    for label, count in summary.by_status:
        writer.writerow([_("statut"), label, "", count])
    for name, code, epci, count in summary.by_commune:
        writer.writerow([_("commune"), f"{name} ({epci})", code, count])
    for epci, count in summary.by_epci:
        writer.writerow([_("intercommunalité"), epci, "", count])
    for label, count in summary.by_device:
        writer.writerow([_("type de dispositif"), label, "", count])
    writer.writerow([_("communes du Nord"), _("couvertes"), NORD, summary.nord_covered])
    writer.writerow([_("communes du Nord"), _("total"), NORD, summary.nord_total])
    for commune in summary.uncovered:
        writer.writerow([_("commune non couverte"), commune.name, commune.insee_code, 0])
    return buffer.getvalue()
