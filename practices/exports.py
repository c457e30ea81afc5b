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
from typing import NamedTuple

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q, TextField
from django.db.models.functions import Cast
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from cms.text import spreadsheet_safe
from practices import export_files, participedia
from practices.filters import Selection, ordered, with_latest_follow_up

DEFAULT_LICENCE = {
    "name": "Licence Ouverte / Open Licence 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


class Column(NamedTuple):
    name: str
    type: str  # string, integer, number, date, datetime, or list (of slugs or names)
    description: str


# The order of the CSV columns and of the JSON keys; the data package describes them
# (practices/datapackage.py).
COLUMNS = [
    Column("id", "integer", "Identifiant stable de la fiche"),
    Column("titre", "string", "Titre de la pratique"),
    Column("url", "string", "Adresse de la fiche sur le site"),
    Column("resume", "string", "Résumé (300 caractères au plus)"),
    Column("exemple", "integer", "1 pour une fiche fictive de démonstration, 0 sinon"),
    Column("code_insee", "string", "Code INSEE de la commune"),
    Column("commune", "string", "Nom de la commune"),
    Column("departement", "string", "Code du département"),
    Column("epci", "string", "Intercommunalité (EPCI) de la commune"),
    Column("population", "integer", "Population municipale de la commune"),
    Column("annee_population", "integer", "Année du chiffre de population"),
    Column("strate", "string", "Strate de population (slug)"),
    Column("echelle", "string", "Échelle : quartier, commune, intercommunalite"),
    Column("qpv", "integer", "1 si la pratique concerne un quartier prioritaire, 0 sinon"),
    Column("dispositifs", "list", "Types de dispositif (slugs)"),
    Column("nature", "string", "Nature de la démarche (slug)"),
    Column("niveau", "string", "Niveau de participation (slug)"),
    Column("themes", "list", "Thèmes (slugs)"),
    Column("date_debut", "date", "Date de début (AAAA-MM-JJ)"),
    Column("date_fin", "date", "Date de fin (AAAA-MM-JJ)"),
    Column("etat", "string", "État (slug)"),
    Column(
        "date_dernier_suivi",
        "date",
        "Date de la dernière étape connue du suivi : décision, mise en œuvre, évaluation "
        "ou arrêt (AAAA-MM-JJ)",
    ),
    Column("publics", "string", "Publics visés"),
    Column("recrutement", "string", "Mode de recrutement des participants (slug)"),
    Column("participants", "integer", "Nombre de participants"),
    Column("taux_participation", "number", "Participants pour 100 habitants de la commune"),
    Column("budget", "integer", "Budget ou enveloppe, en euros"),
    Column("euros_par_habitant", "number", "Budget rapporté à la population de la commune"),
    Column("porteur", "string", "Porteur de la démarche (slug)"),
    Column("partenaires", "list", "Partenaires du collectif qui la soutiennent"),
    Column("source", "string", "Source du recensement (slug)"),
    Column("date_collecte", "date", "Date de collecte (AAAA-MM-JJ)"),
    Column("verification", "string", "Statut de vérification (slug)"),
    Column("mise_a_jour", "datetime", "Date et heure de la dernière publication (ISO 8601)"),
    Column(
        "participedia_method_types",
        "list",
        "Types de méthode de Participedia (method_types) correspondant aux dispositifs",
    ),
    Column(
        "participedia_purposes",
        "list",
        "Finalités de Participedia (purposes) correspondant au niveau et aux dispositifs",
    ),
    Column(
        "participedia_public_spectrum",
        "string",
        "Échelon du spectre de la participation de Participedia (public_spectrum) "
        "correspondant au niveau de participation",
    ),
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
    "latest_follow_up",  # annotated by records()
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


CENT = Decimal("0.01")


def _ratio(numerator, denominator, factor=1):
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator * factor) / Decimal(denominator)).quantize(CENT)


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
    practices = with_latest_follow_up(_cursor_order(ordered(selected)))
    # The links of the selection's practices, published or not: only the published ones' rows
    # look them up, and without the page table's conditions (live, public, in the catalogue)
    # each of these queries reads the practice table alone instead of joining every page.
    linked = selection.apply(selected.model.objects.all())
    devices = _links(linked, "device_types")
    themes = _links(linked, "themes")
    partners = _links(linked.filter(partners__live=True), "partners__title")
    base_url = index.get_full_url(request)
    no_links = ()
    crosswalks = {}  # Participedia's values of each (level, device types): a few combinations

    def crosswalk(level, device_types):
        key = (level, *device_types)
        if key not in crosswalks:
            crosswalks[key] = (
                participedia.method_types(device_types),
                participedia.purposes(level, device_types),
                participedia.public_spectrum(level),
            )
        return crosswalks[key]

    def row(values):
        (
            pk, title, slug, summary, is_example, insee_code, commune, department, epci,
            population, population_year, band, scale, in_priority_neighbourhood, nature, level,
            start_date, end_date, status, publics, recruitment, participants, budget, carrier,
            census_source, collected_on, verification_status, published_at_text,
            latest_follow_up,
        ) = values  # fmt: skip
        device_types = devices.get(pk, no_links)
        return [
            pk, title, f"{base_url}{slug}/", summary, int(is_example), insee_code, commune,
            department, epci, population, population_year, band, scale,
            int(in_priority_neighbourhood), device_types, nature, level,
            themes.get(pk, no_links), start_date, end_date, status, latest_follow_up, publics,
            recruitment,
            participants, _ratio(participants, population, 100), budget,
            _ratio(budget, population), carrier, partners.get(pk, no_links), census_source,
            collected_on, verification_status, _published_at(published_at_text),
            *crosswalk(level, device_types),
        ]  # fmt: skip

    rows = practices.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
    return (list(map(row, chunk)) for chunk in _chunks(rows))


NAMES = [column.name for column in COLUMNS]


def _of_type(kind):
    return {column.name for column in COLUMNS if column.type == kind}


NUMBER_COLUMNS = _of_type("integer")
LIST_COLUMNS = _of_type("list")
DECIMAL_COLUMNS = _of_type("number")
DATE_COLUMNS = _of_type("date")
LIST_SEPARATOR = "|"  # between the values of a list in a CSV cell


def _positions(names):
    return [position for position, name in enumerate(NAMES) if name in names]


class _Lines(list):
    """What a csv.writer writes: its lines, kept."""

    write = list.append


def _csv_list(values):
    return LIST_SEPARATOR.join(values)


def _csv_decimal(value):
    return str(value).replace(".", ",")  # French Excel reads « 12,50 » as a number


def _isoformat(value):
    return value.isoformat()


# CSV cells written otherwise than by the csv module, which writes None as an empty cell and a
# date as str(date), its ISO format.
CSV_CONVERTERS = [
    *((position, _csv_list) for position in _positions(LIST_COLUMNS)),
    *((position, _csv_decimal) for position in _positions(DECIMAL_COLUMNS)),
]
# The cells a person wrote, which could start like a formula. The others cannot: numbers, dates,
# the vocabularies' slugs, codes, the site's URLs and the publication timestamp.
FREE_TEXT_POSITIONS = _positions({"titre", "resume", "commune", "epci", "publics", "partenaires"})


def _csv_cells(row):
    for position, convert in CSV_CONVERTERS:
        if row[position] is not None:
            row[position] = convert(row[position])
    for position in FREE_TEXT_POSITIONS:  # the partners' list included, once joined
        row[position] = spreadsheet_safe(row[position])
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
        "colonnes": [{"nom": column.name, "description": column.description} for column in COLUMNS],
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


def _links_header(request, index):
    """The licence, and the description of the columns (practices/datapackage.py)."""
    described_by = f"{index.get_url(request)}export/datapackage.json"
    return f'<{licence()["url"]}>; rel="license", <{described_by}>; rel="describedby"'


def csv_response(request, index):
    response = _response(request, index, "csv", "text/csv; charset=utf-8", csv_text)
    response["Content-Disposition"] = 'attachment; filename="bonnes-pratiques.csv"'
    response["Link"] = _links_header(request, index)
    return response


def json_response(request, index):
    response = _response(request, index, "json", "application/json; charset=utf-8", json_text)
    response["Link"] = _links_header(request, index)
    response["Access-Control-Allow-Origin"] = "*"
    return response
