"""Monthly snapshots of the open data, kept at stable addresses.

`manage.py archive_open_data` (cron, once a month) stores the whole catalogue's CSV and JSON
exports of the current month through Django's default storage, as
`archives/<AAAA-MM>/pratiques.csv|json`; the catalogue serves them at
`export/archives/<AAAA-MM>/pratiques.csv|json` and lists the months at `export/archives/`. A
month's files, once stored, never change: running the command again in the same month stores
only what is missing. docs/donnees-ouvertes.md tells the operators how to schedule it.
"""

import re
import tempfile
from datetime import date

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone

from cms import files
from practices import exports
from practices.filters import Selection

DIRECTORY = "archives"
MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")
# File name -> (document writer, route of the live export, content type).
FILES = {
    "pratiques.csv": (exports.csv_text, "export_csv", "text/csv; charset=utf-8"),
    "pratiques.json": (exports.json_text, "export_json", "application/json; charset=utf-8"),
}


def current_month():
    return timezone.localdate().strftime("%Y-%m")


def _name(month, file_name):
    return f"{DIRECTORY}/{month}/{file_name}"


def store_snapshot(index, month):
    """Store the month's files that are not stored yet; returns the names stored now."""
    stored = []
    for file_name, (document, route, _content_type) in FILES.items():
        name = _name(month, file_name)
        if default_storage.exists(name):
            continue
        source = index.get_full_url() + index.reverse_subpage(route)
        rows = exports.records(None, index, Selection())
        with tempfile.TemporaryFile() as file:
            for text in document(source, rows):
                file.write(text.encode())
            file.seek(0)
            stored.append(default_storage.save(name, File(file)))
    return stored


def months():
    """The archived months, latest first."""
    directories, _names = files.listing(DIRECTORY)
    return sorted((name for name in directories if MONTH.fullmatch(name)), reverse=True)


def listing():
    """What the archives' page lists: the months (with their first day) and the file names."""
    return {
        "months": [(month, date.fromisoformat(f"{month}-01")) for month in months()],
        "file_names": list(FILES),
    }


def file_response(month, file_name):
    if not MONTH.fullmatch(month) or file_name not in FILES:
        raise Http404
    try:
        file = default_storage.open(_name(month, file_name), "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    _document, _route, content_type = FILES[file_name]
    response = exports.ExportFileResponse(file, content_type=content_type)
    response.headers.pop("Content-Disposition", None)  # it would name the stored file
    if file_name.endswith(".csv"):
        response["Content-Disposition"] = f'attachment; filename="bonnes-pratiques-{month}.csv"'
    response["Link"] = f'<{exports.licence()["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
