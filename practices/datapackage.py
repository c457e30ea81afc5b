"""The open data's description: a Frictionless Data Package (`export/datapackage.json`).

It describes the whole catalogue's two exports, the CSV and the JSON, from the exports' own
column definitions (`exports.COLUMNS`): the fields of each resource are the columns of the
file, in their order, with their types and French descriptions. The monthly snapshots
(practices/archives.py) have the same columns.
"""

from django.http import JsonResponse

from practices import exports

TITLE = "Bonnes pratiques de démocratie participative des communes du Nord"
DESCRIPTION = (
    "Recensement des pratiques de participation citoyenne des communes du Nord par le collectif "
    "« La participation citoyenne, cœur de nos communes » : une ligne par pratique publiée, "
    "vocabulaires contrôlés (identifiants stables), correspondance avec les champs de "
    "Participedia. Les coordonnées des personnes ne sont jamais exportées."
)
# Types of `exports.COLUMNS` as Table Schema types, by format: a list is one text cell in CSV.
CSV_TYPES = {"list": "string"}
JSON_TYPES = {"list": "array"}


def _field(column, types, note=""):
    field = {
        "name": column.name,
        "type": types.get(column.type, column.type),
        "description": column.description + note,
    }
    if column.name == "id":
        field["constraints"] = {"required": True, "unique": True}
    return field


def csv_fields():
    """The CSV's fields: its header, in order."""
    fields = []
    for column in exports.COLUMNS:
        note = ""
        if column.type == "list":
            note = f", séparés par « {exports.LIST_SEPARATOR} »"
        field = _field(column, CSV_TYPES, note)
        if column.type == "number":
            field["decimalChar"] = ","  # as French spreadsheets write them
        fields.append(field)
    return fields


def json_fields():
    return [_field(column, JSON_TYPES) for column in exports.COLUMNS]


def descriptor(request, index):
    """The descriptor of the whole catalogue's exports (`index`: the catalogue page)."""
    base = index.get_full_url(request)
    licence = exports.licence()
    return {
        "name": "bonnes-pratiques-participation-nord",
        "title": TITLE,
        "description": DESCRIPTION,
        "homepage": base,
        "licenses": [{"title": licence["name"], "path": licence["url"]}],
        "sources": [{"title": "Recensement des bonnes pratiques du collectif", "path": base}],
        "keywords": ["démocratie participative", "participation citoyenne", "communes", "Nord"],
        "resources": [
            {
                "name": "pratiques-csv",
                "title": "Pratiques (CSV)",
                "description": "Tableur : séparateur point-virgule, UTF-8 avec BOM, "
                "décimales à virgule.",
                "path": base + index.reverse_subpage("export_csv"),
                "type": "table",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ";"},
                "schema": {"fields": csv_fields(), "primaryKey": ["id"]},
            },
            {
                "name": "pratiques-json",
                "title": "Pratiques (JSON)",
                "description": "Les mêmes colonnes : un objet par pratique dans la liste "
                "« pratiques », précédée des métadonnées de l'export.",
                "path": base + index.reverse_subpage("export_json"),
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "type": "table",
                "dialect": {"json": {"property": "pratiques", "keyed": True}},
                "schema": {"fields": json_fields(), "primaryKey": ["id"]},
            },
        ],
    }


def response(request, index):
    response = JsonResponse(
        descriptor(request, index), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{exports.licence()["url"]}>; rel="license"'
    return response
