import pytest

from practices.census.csvfiles import CsvError, read_table

ROWS = [
    ["Code INSEE", "Titre", "Description"],
    ["59350", "Budget participatif « Lille »", "Première ligne\nseconde ligne"],
    ["", "", ""],
    ["59009", "Conseil des sages", 'Tâche ; virgule, guillemet "'],
]


def to_csv(rows, delimiter):
    def cell(value):
        if any(char in value for char in f'{delimiter}"\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "\r\n".join(delimiter.join(cell(value) for value in row) for row in rows) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter", "detected"),
    [
        ("utf-8", b"\xef\xbb\xbf", ";", "utf-8-sig"),
        ("utf-8", b"", ",", "utf-8"),
        ("cp1252", b"", ";", "cp1252"),
        ("cp1252", b"", ",", "cp1252"),
        ("utf-8", b"", "\t", "utf-8"),
    ],
)
def test_every_spreadsheet_export_reads_the_same(encoding, bom, delimiter, detected):
    table = read_table(bom + to_csv(ROWS, delimiter).encode(encoding))
    assert (table.encoding, table.delimiter) == (detected, delimiter)
    assert table.header == ROWS[0]
    assert [line for line, _ in table.rows] == [2, 5]
    assert table.rows[0][1]["Titre"] == "Budget participatif « Lille »"
    assert table.rows[0][1]["Description"] == "Première ligne\nseconde ligne"
    assert table.rows[1][1]["Description"] == 'Tâche ; virgule, guillemet "'


def test_short_rows_are_padded():
    table = read_table(b"a;b;c\n1;2\n")
    assert table.rows == [(2, {"a": "1", "b": "2", "c": ""})]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "vide"), (b"\n\n", "vide"), (b"PK\x03\x04\x00\x00", "pas un CSV")],
)
def test_unreadable_files_get_a_french_reason(data, message):
    with pytest.raises(CsvError, match=message):
        read_table(data)
