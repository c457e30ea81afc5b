"""Reading the CSV files that French spreadsheets export.

Excel saves « CSV (séparateur : point-virgule) » in Windows-1252, or « CSV UTF-8 » with a byte
order mark; LibreOffice asks and often uses commas. We accept all of them: the encoding is
detected (UTF-8 with or without BOM, else Windows-1252) and the delimiter sniffed from the header.
"""

import csv
import io
from dataclasses import dataclass, field

DELIMITERS = (";", ",", "\t")


class CsvError(ValueError):
    """The file as a whole cannot be read (the message is French, for the user)."""


@dataclass
class Table:
    encoding: str
    delimiter: str
    header: list
    # (line number in the file, {header: value}) for each non-empty row
    rows: list = field(default_factory=list)


def decode(data):
    """Return (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(header_line):
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda candidate: counts[candidate])
    return delimiter if counts[delimiter] else ";"


def read_table(data):
    """Parse CSV bytes into a `Table`; headers are stripped, empty rows skipped."""
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        raise CsvError("Le fichier commence comme de l'UTF-8 mais n'en est pas.") from None
    if "\x00" in text:
        raise CsvError("Ce fichier n'est pas un CSV (c'est peut-être un classeur .xlsx ou .ods).")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise CsvError("Le fichier est vide.")
    delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = []
        while not any(header):
            header = [cell.strip() for cell in next(reader)]
        table = Table(encoding, delimiter, header)
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            padded = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
            table.rows.append((start, dict(zip(header, padded, strict=False))))
    except csv.Error as error:
        raise CsvError(f"CSV illisible près de la ligne {reader.line_num} : {error}.") from None
    return table
