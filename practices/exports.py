"""Open data: the catalogue's current filter as CSV and JSON, streamed row by row.

Both formats carry the same columns (COLUMNS, documented in the README) and the same practices,
in the catalogue's order. Personal contacts are never exported. Vocabulary values are the stable
slugs of practices/vocabularies.py. Queries: the link tables (device types, themes, partners)
are read once each, then the practices in one streamed query — four whatever the size.
"""

import csv
import json
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone

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


def _links(link, column, page_ids):
    grouped = defaultdict(list)
    for page_id, value in (
        link.objects.filter(practicepage_id__in=page_ids)
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


def records(request, index):
    """The exported practices of the request's filter, as dicts (a generator)."""
    selection = Selection.from_querydict(request.GET)
    practices = ordered(selection.apply(index.practices()))
    page_ids = practices.order_by().values("pk")
    devices = _links(DeviceLink, "devicetypeterm_id", page_ids)
    themes = _links(ThemeLink, "themeterm_id", page_ids)
    partners = _links(PartnerLink, "partnerpage__title", page_ids)
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


def csv_response(request, index):
    rows = records(request, index)
    writer = csv.writer(_Echo(), delimiter=";")

    def stream():
        yield "\ufeff" + writer.writerow([name for name, _ in COLUMNS])
        for record in rows:
            yield writer.writerow([_csv_value(record[name]) for name, _ in COLUMNS])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bonnes-pratiques.csv"'
    response["Link"] = f'<{licence()["url"]}>; rel="license"'
    return response


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def json_response(request, index):
    rows = records(request, index)
    header = {
        "titre": "Bonnes pratiques de démocratie participative des communes du Nord",
        "source": request.build_absolute_uri(),
        "licence": licence(),
        "genere_le": timezone.now().isoformat(),
        "colonnes": [{"nom": name, "description": text} for name, text in COLUMNS],
    }

    def stream():
        opening = json.dumps(header, ensure_ascii=False)[:-1]
        yield opening + ', "pratiques": ['
        separator = ""
        for record in rows:
            item = {name: _json_value(record[name]) for name, _ in COLUMNS}
            yield separator + json.dumps(item, ensure_ascii=False)
            separator = ","
        yield "]}"

    response = StreamingHttpResponse(stream(), content_type="application/json; charset=utf-8")
    response["Link"] = f'<{licence()["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
