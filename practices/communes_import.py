"""Import of the reference communes from the INSEE/geo CSV layout.

The layout is the one of data.gouv.fr's « Communes et villes de France » file (one row per
commune, header row, `,` or `;` separated, UTF-8 with or without BOM). Recognised columns, the
first present name wins:

- INSEE code (required): code_insee, COM, codgeo, code_commune_INSEE
- name (required): nom_standard, LIBELLE, nom_commune, nom
- postcodes: codes_postaux, code_postal (several codes separated by `,` or `;`)
- population: population, PMUN
- population year: annee_population (otherwise the --population-year option)
- EPCI: epci_nom, libepci; EPCI SIREN: epci_code, epci
- coordinates: latitude_centre, latitude; longitude_centre, longitude
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from practices.models import Commune

COLUMNS = {
    "insee_code": ("code_insee", "COM", "codgeo", "code_commune_INSEE"),
    "name": ("nom_standard", "LIBELLE", "nom_commune", "nom"),
    "postcodes": ("codes_postaux", "code_postal"),
    "population": ("population", "PMUN"),
    "population_year": ("annee_population",),
    "epci_name": ("epci_nom", "libepci"),
    "epci_siren": ("epci_code", "epci"),
    "latitude": ("latitude_centre", "latitude"),
    "longitude": ("longitude_centre", "longitude"),
}
FIELDS = [name for name in COLUMNS if name != "insee_code"]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # (line number, French reason)


def read_rows(file):
    """Rows of a CSV file object opened in binary mode, as dicts, with their line numbers."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    sample = text.read(4096)
    text.seek(0)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(text, delimiter=delimiter)
    for row in reader:
        yield reader.line_num, row


def _column(row, names):
    for name in names:
        if name in row and row[name] is not None:
            return row[name].strip()
    return ""


def _integer(value, label):
    if not value:
        return None
    try:
        # Thousands separated by any space: plain, no-break or narrow no-break (French).
        return int(Decimal("".join(value.split()).replace(",", ".")))
    except InvalidOperation:
        raise ValidationError(f"{label} illisible : « {value[:30]} »") from None


def _decimal(value, label):
    if not value:
        return None
    try:
        return Decimal(value.replace(",", ".")).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise ValidationError(f"{label} illisible : « {value[:30]} »") from None


def import_communes(file, department=None, population_year=None):
    """Create or update the communes of `file`; idempotent. Bad rows are reported, not fatal."""
    report = ImportReport()
    existing = {commune.insee_code: commune for commune in Commune.objects.all()}
    with transaction.atomic():
        for line, row in read_rows(file):
            insee_code = _column(row, COLUMNS["insee_code"]).upper()
            if department and not insee_code.startswith(department):
                report.skipped += 1
                continue
            try:
                values = {
                    "name": _column(row, COLUMNS["name"]),
                    "postcodes": ",".join(
                        code.strip()
                        for code in _column(row, COLUMNS["postcodes"]).replace(";", ",").split(",")
                        if code.strip()
                    ),
                    "population": _integer(_column(row, COLUMNS["population"]), "Population"),
                    "population_year": _integer(
                        _column(row, COLUMNS["population_year"]), "Année de population"
                    )
                    or population_year,
                    "epci_name": _column(row, COLUMNS["epci_name"]),
                    "epci_siren": _column(row, COLUMNS["epci_siren"]),
                    "latitude": _decimal(_column(row, COLUMNS["latitude"]), "Latitude"),
                    "longitude": _decimal(_column(row, COLUMNS["longitude"]), "Longitude"),
                }
                commune = existing.get(insee_code) or Commune(insee_code=insee_code)
                if commune.pk and all(getattr(commune, key) == values[key] for key in FIELDS):
                    report.unchanged += 1
                    continue
                for key, value in values.items():
                    setattr(commune, key, value)
                commune.full_clean(exclude=["insee_code"] if commune.pk else None)
            except ValidationError as error:
                report.errors.append((line, _reason(error)))
                continue
            created = commune.pk is None
            commune.save()
            existing[insee_code] = commune
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report


def _reason(error):
    if hasattr(error, "message_dict"):
        return " ; ".join(
            f"{Commune._meta.get_field(name).verbose_name if name != '__all__' else ''} : "
            f"{' '.join(messages)}".lstrip(" : ")
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
