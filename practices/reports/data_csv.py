"""A data block's table as CSV, with the catalogue export's French Excel conventions
(practices.exports): `;` between cells, a UTF-8 byte order mark, decimal commas, and text cells
that a spreadsheet cannot run as formulas."""

import csv
import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from cms.text import spreadsheet_safe


def csv_text(table):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in table.csv_rows)
    return "\ufeff" + buffer.getvalue()


def response(table, filename):
    response = HttpResponse(csv_text(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
