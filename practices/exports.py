"""Open data: the catalogue's current filter as CSV and JSON.

Both formats carry the same columns (COLUMNS, documented in the README) and the same practices,
in the catalogue's order. Personal contacts are never exported, nor unpublished partners.
Vocabulary values are the stable slugs of practices/vocabularies.py.

A filtered export is streamed row by row: the device types, themes and partners are read once
each, then the practices in one streamed query — four whatever the size. The whole catalogue
(no filter) is a file generated once per version of the content and then served as is
(practices/export_files.py). This module imports no model: the catalogue page calls it.
"""

import csv
import json
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q, TextField
from django.db.models.functions import Cast
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from practices import export_files
from practices.filters import Selection, ordered

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
    Cast("last_published_at", TextField()),  # parsed by _published_at()
]


def licence():
    return getattr(settings, "OPEN_DATA_LICENCE", DEFAULT_LICENCE)


# Rows read and written at a time: one piece of the streamed response, one fetch of the cursor.
CHUNK_SIZE = 1000


def _links(practices, lookup):
    """{practice id: [values]} of a many-to-many lookup, in the values' order."""
    grouped = defaultdict(list)
    for pk, value in practices.order_by("pk", lookup).values_list("pk", lookup):
        if value is not None:
            grouped[pk].append(value)
    return grouped


def _ratio(numerator, denominator, factor=1):
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator * factor) / Decimal(denominator)).quantize(Decimal("0.01"))


def _published_at(text):
    """A publication timestamp read as text (see FIELDS), in ISO 8601."""
    if text is None:
        return None
    moment = datetime.fromisoformat(text)  # PostgreSQL: « …+00 », SQLite: naive UTC
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _cursor_order(practices):
    """The catalogue's order, led by a key no index provides.

    A streamed query is a cursor, which PostgreSQL plans for its first rows: it would walk the
    start date index through the whole catalogue, filtering as it goes, rather than select then
    sort. Dates first, then the missing ones: the same order as `start_date DESC NULLS LAST`."""
    undated = ExpressionWrapper(Q(start_date__isnull=True), output_field=BooleanField())
    return practices.order_by(undated, *practices.query.order_by)


def _chunks(rows):
    while chunk := list(islice(rows, CHUNK_SIZE)):
        yield chunk


def records(request, index, selection):
    """The exported practices of the selection: lists of at most CHUNK_SIZE rows, each the
    values of COLUMNS in their order (a generator)."""
    selected = selection.apply(index.practices())
    practices = _cursor_order(ordered(selected))
    devices = _links(selected, "device_types")
    themes = _links(selected, "themes")
    partners = _links(selected.filter(partners__live=True), "partners__title")
    base_url = index.get_full_url(request)
    no_links = ()

    def row(values):
        (
            pk, title, slug, summary, is_example, insee_code, commune, department, epci,
            population, population_year, band, scale, in_priority_neighbourhood, nature, level,
            start_date, end_date, status, publics, recruitment, participants, budget, carrier,
            census_source, collected_on, verification_status, published_at_text,
        ) = values  # fmt: skip
        return [
            pk, title, f"{base_url}{slug}/", summary, int(is_example), insee_code, commune,
            department, epci, population, population_year, band, scale,
            int(in_priority_neighbourhood), devices.get(pk, no_links), nature, level,
            themes.get(pk, no_links), start_date, end_date, status, publics, recruitment,
            participants, _ratio(participants, population, 100), budget,
            _ratio(budget, population), carrier, partners.get(pk, no_links), census_source,
            collected_on, verification_status, _published_at(published_at_text),
        ]  # fmt: skip

    rows = practices.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
    return (list(map(row, chunk)) for chunk in _chunks(rows))


NAMES = [name for name, _ in COLUMNS]
NUMBER_COLUMNS = {
    "id",
    "exemple",
    "population",
    "annee_population",
    "qpv",
    "participants",
    "budget",
}
LIST_COLUMNS = {"dispositifs", "themes", "partenaires"}
DECIMAL_COLUMNS = {"taux_participation", "euros_par_habitant"}
DATE_COLUMNS = {"date_debut", "date_fin", "date_collecte"}


def _positions(names):
    return [position for position, name in enumerate(NAMES) if name in names]


class _Lines(list):
    """What a csv.writer writes: its lines, kept."""

    write = list.append


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _csv_list(values):
    return "|".join(values)


def _csv_decimal(value):
    return str(value).replace(".", ",")  # French Excel reads « 12,50 » as a number


def _isoformat(value):
    return value.isoformat()


# CSV cells written otherwise than by the csv module (which writes None as an empty cell).
CSV_CONVERTERS = [
    *((position, _csv_list) for position in _positions(LIST_COLUMNS)),
    *((position, _csv_decimal) for position in _positions(DECIMAL_COLUMNS)),
    *((position, _isoformat) for position in _positions(DATE_COLUMNS)),
]
TEXT_POSITIONS = _positions(set(NAMES) - NUMBER_COLUMNS - DECIMAL_COLUMNS - DATE_COLUMNS)


def _csv_cells(row):
    for position, convert in CSV_CONVERTERS:
        if row[position] is not None:
            row[position] = convert(row[position])
    for position in TEXT_POSITIONS:  # lists included, once joined
        text = row[position]
        if text and text.startswith(FORMULA_PREFIXES):
            row[position] = "'" + text  # a spreadsheet would run « =… » as a formula
    return row


def csv_text(_source, chunks):
    """The CSV document, a chunk of lines at a time."""
    lines = _Lines()
    writer = csv.writer(lines, delimiter=";")
    writer.writerow(NAMES)
    yield "\ufeff" + lines.pop()
    for rows in chunks:
        writer.writerows(map(_csv_cells, rows))
        yield "".join(lines)
        lines.clear()


def _json_decimal(value):
    return float(value)


JSON_CONVERTERS = [
    *((position, _json_decimal) for position in _positions(DECIMAL_COLUMNS)),
    *((position, _isoformat) for position in _positions(DATE_COLUMNS)),
]


def _json_item(row):
    for position, convert in JSON_CONVERTERS:
        if row[position] is not None:
            row[position] = convert(row[position])
    return dict(zip(NAMES, row, strict=True))


def json_text(source, chunks):
    """The JSON document, a chunk of practices at a time."""
    header = {
        "titre": "Bonnes pratiques de démocratie participative des communes du Nord",
        "source": source,
        "licence": licence(),
        "genere_le": timezone.now().isoformat(),
        "colonnes": [{"nom": name, "description": text} for name, text in COLUMNS],
    }
    encode = json.JSONEncoder(ensure_ascii=False).encode
    yield json.dumps(header, ensure_ascii=False)[:-1] + ', "pratiques": ['
    separator = ""
    for rows in chunks:
        yield separator + ",".join([encode(_json_item(row)) for row in rows])
        separator = ","
    yield "]}"


class ExportFileResponse(FileResponse):
    block_size = 64 * 1024  # exports run to megabytes: fewer, larger reads


def _response(request, index, extension, content_type, document):
    """The export as `document(source, rows)` writes it: without a filter, the stored file of
    the whole catalogue (unless its version cannot be known); streamed otherwise."""
    selection = Selection.from_querydict(request.GET, index.communes())
    if not selection.is_active:
        source = index.get_full_url(request) + index.reverse_subpage(f"export_{extension}")
        file = export_files.open_current(
            extension,
            fingerprint="|".join([source, json.dumps(licence())]),
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
