"""Open data: the catalogue's current filter as CSV and JSON.

Both formats carry the same columns (COLUMNS, documented in the README) and the same practices,
in the catalogue's order. Personal contacts are never exported, nor unpublished partners.
Vocabulary values are the stable slugs of practices/vocabularies.py.

A filtered export is streamed row by row: the link tables (device types, themes, partners) are
read once each, then the practices in one streamed query — four whatever the size. The whole
catalogue (no filter) is a file generated once per version of its data and then served as is
(practices/export_files.py).
"""

import csv
import hashlib
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from practices import export_files
from practices.filters import DeviceLink, Selection, ThemeLink, ordered
from practices.models import PracticePage

PartnerLink = PracticePage.partners.through

DEFAULT_LICENCE = {
    "name": "Licence Ouverte / Open Licence 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

# (column, description) — the order of the CSV columns and of the JSON keys.
COLUMNS = [
    ("id", "Identifiant stable de la fiche"),
    ("titre", "Titre de la pratique"),
    ("url", "Adresse de la fiche sur le site"),
    ("resume", "Résumé (300 caractères au plus)"),
    ("exemple", "1 pour une fiche fictive de démonstration, 0 sinon"),
    ("code_insee", "Code INSEE de la commune"),
    ("commune", "Nom de la commune"),
    ("departement", "Code du département"),
    ("epci", "Intercommunalité (EPCI) de la commune"),
    ("population", "Population municipale de la commune"),
    ("annee_population", "Année du chiffre de population"),
    ("strate", "Strate de population (slug)"),
    ("echelle", "Échelle : quartier, commune, intercommunalite"),
    ("qpv", "1 si la pratique concerne un quartier prioritaire, 0 sinon"),
    ("dispositifs", "Types de dispositif (slugs séparés par |)"),
    ("nature", "Nature de la démarche (slug)"),
    ("niveau", "Niveau de participation (slug)"),
    ("themes", "Thèmes (slugs séparés par |)"),
    ("date_debut", "Date de début (AAAA-MM-JJ)"),
    ("date_fin", "Date de fin (AAAA-MM-JJ)"),
    ("etat", "État (slug)"),
    ("publics", "Publics visés"),
    ("recrutement", "Mode de recrutement des participants (slug)"),
    ("participants", "Nombre de participants"),
    ("taux_participation", "Participants pour 100 habitants de la commune"),
    ("budget", "Budget ou enveloppe, en euros"),
    ("euros_par_habitant", "Budget rapporté à la population de la commune"),
    ("porteur", "Porteur de la démarche (slug)"),
    ("partenaires", "Partenaires du collectif qui la soutiennent (séparés par |)"),
    ("source", "Source du recensement (slug)"),
    ("date_collecte", "Date de collecte (AAAA-MM-JJ)"),
    ("verification", "Statut de vérification (slug)"),
    ("mise_a_jour", "Date et heure de la dernière publication (ISO 8601)"),
]

FIELDS = [
    "pk",
    "title",
    "slug",
    "summary",
    "is_example",
    "commune__insee_code",
    "commune__name",
    "commune__department",
    "commune__epci_name",
    "commune__population",
    "commune__population_year",
    "commune__population_band",
    "scale",
    "in_priority_neighbourhood",
    "nature",
    "participation_level",
    "start_date",
    "end_date",
    "status",
    "publics",
    "recruitment",
    "participants",
    "budget",
    "carrier",
    "census_source",
    "collected_on",
    "verification_status",
    "last_published_at",
]


def licence():
    return getattr(settings, "OPEN_DATA_LICENCE", DEFAULT_LICENCE)


# This module's code, part of a stored export's version: a new format is generated anew.
FORMAT_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _links(links, column, page_ids):
    grouped = defaultdict(list)
    for page_id, value in (
        links.filter(practicepage_id__in=page_ids)
        .order_by("practicepage_id", column)
        .values_list("practicepage_id", column)
        .iterator()
    ):
        grouped[page_id].append(value)
    return grouped


def _ratio(numerator, denominator, factor=1):
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator * factor) / Decimal(denominator)).quantize(Decimal("0.01"))


def records(request, index, selection):
    """The exported practices of the selection, as dicts (a generator)."""
    practices = ordered(selection.apply(index.practices()))
    page_ids = practices.order_by().values("pk")
    devices = _links(DeviceLink.objects, "devicetypeterm_id", page_ids)
    themes = _links(ThemeLink.objects, "themeterm_id", page_ids)
    partners = _links(
        PartnerLink.objects.filter(partnerpage__live=True), "partnerpage__title", page_ids
    )
    base_url = index.get_full_url(request)

    def generate():
        for row in practices.values(*FIELDS).iterator(chunk_size=500):
            pk = row["pk"]
            population = row["commune__population"]
            yield {
                "id": pk,
                "titre": row["title"],
                "url": f"{base_url}{row['slug']}/",
                "resume": row["summary"],
                "exemple": int(row["is_example"]),
                "code_insee": row["commune__insee_code"],
                "commune": row["commune__name"],
                "departement": row["commune__department"],
                "epci": row["commune__epci_name"],
                "population": population,
                "annee_population": row["commune__population_year"],
                "strate": row["commune__population_band"],
                "echelle": row["scale"],
                "qpv": int(row["in_priority_neighbourhood"]),
                "dispositifs": devices.get(pk, []),
                "nature": row["nature"],
                "niveau": row["participation_level"],
                "themes": themes.get(pk, []),
                "date_debut": row["start_date"],
                "date_fin": row["end_date"],
                "etat": row["status"],
                "publics": row["publics"],
                "recrutement": row["recruitment"],
                "participants": row["participants"],
                "taux_participation": _ratio(row["participants"], population, 100),
                "budget": row["budget"],
                "euros_par_habitant": _ratio(row["budget"], population),
                "porteur": row["carrier"],
                "partenaires": partners.get(pk, []),
                "source": row["census_source"],
                "date_collecte": row["collected_on"],
                "verification": row["verification_status"],
                "mise_a_jour": row["last_published_at"],
            }

    return generate()


class _Echo:
    def write(self, value):
        return value


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = "|".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value  # a spreadsheet would run « =… » as a formula
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")  # French Excel reads « 12,50 » as a number
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def csv_text(_source, rows):
    """The CSV document, line by line."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([name for name, _ in COLUMNS])
    for record in rows:
        yield writer.writerow([_csv_value(record[name]) for name, _ in COLUMNS])


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def json_text(source, rows):
    """The JSON document, practice by practice."""
    header = {
        "titre": "Bonnes pratiques de démocratie participative des communes du Nord",
        "source": source,
        "licence": licence(),
        "genere_le": timezone.now().isoformat(),
        "colonnes": [{"nom": name, "description": text} for name, text in COLUMNS],
    }
    yield json.dumps(header, ensure_ascii=False)[:-1] + ', "pratiques": ['
    separator = ""
    for record in rows:
        item = {name: _json_value(record[name]) for name, _ in COLUMNS}
        yield separator + json.dumps(item, ensure_ascii=False)
        separator = ","
    yield "]}"


class ExportFileResponse(FileResponse):
    block_size = 64 * 1024  # 11 MB in 170 reads rather than 2,800


def _response(request, index, extension, content_type, document):
    """The export as `document(source, rows)` writes it: without a filter, the stored file of
    the whole catalogue (unless its version cannot be known); streamed otherwise."""
    selection = Selection.from_querydict(request.GET)
    if not selection.is_active:
        source = index.get_full_url(request) + index.reverse_subpage(f"export_{extension}")
        file = export_files.open_current(
            request,
            extension,
            fingerprint="|".join([FORMAT_DIGEST, source, json.dumps(licence())]),
            generate=lambda: document(source, records(request, index, selection)),
        )
        if file is not None:
            response = ExportFileResponse(file, content_type=content_type)
            response.headers.pop("Content-Disposition", None)  # it would name the stored file
            return response
    rows = records(request, index, selection)
    return StreamingHttpResponse(
        document(request.build_absolute_uri(), rows), content_type=content_type
    )


def csv_response(request, index):
    response = _response(request, index, "csv", "text/csv; charset=utf-8", csv_text)
    response["Content-Disposition"] = 'attachment; filename="bonnes-pratiques.csv"'
    response["Link"] = f'<{licence()["url"]}>; rel="license"'
    return response


def json_response(request, index):
    response = _response(request, index, "json", "application/json; charset=utf-8", json_text)
    response["Link"] = f'<{licence()["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
