import pytest

from press.phone import french_display, parse, to_e164


@pytest.mark.parametrize(
    "raw",
    [
        "06.21.17.64.69",
        "06 21 17 64 69",
        "06-21-17-64-69",
        "0621176469",
        " 06\u00a021\u202f17 64 69 ",
        "+33 6 21 17 64 69",
        "+33621176469",
        "0033 6 21 17 64 69",
        "+33 (0)6 21 17 64 69",
        "+33 06 21 17 64 69",
        "00 33 (0) 6.21.17.64.69",
    ],
)
def test_french_mobile_written_any_usual_way(raw):
    assert to_e164(raw) == "+33621176469"
    assert french_display(raw) == "06 21 17 64 69"


def test_landline_of_the_nord():
    number = parse("03.20.12.34.56")
    assert number.e164 == "+33320123456"
    assert number.display == "03 20 12 34 56"
    assert number.tel_uri == "tel:+33320123456"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("06 92 12 34 56", "+262692123456"),  # La Réunion
        ("02 69 61 00 00", "+262269610000"),  # Mayotte
        ("05 90 12 34 56", "+590590123456"),  # Guadeloupe
        ("06 94 12 34 56", "+594694123456"),  # Guyane
        ("05 96 12 34 56", "+596596123456"),  # Martinique
    ],
)
def test_overseas_numbers_get_their_own_country_code(raw, e164):
    assert to_e164(raw) == e164
    assert french_display(raw) == raw


def test_foreign_international_number_is_linked_and_shown_as_typed():
    number = parse("+32 2 123 45 67")
    assert number.e164 == "+3221234567"
    assert number.display == "+32 2 123 45 67"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "3949",  # short number
        "06 21 17 64",  # too short
        "06 21 17 64 69 00",  # too long
        "00 21 17 64 69",  # international prefix, not a national number
        "+33 6 21 17 64",  # +33 with a wrong digit count
        "06 21 17 64 69 poste 12",
        "appeler le standard",
        "0800-ABC-DEF",
        "+0 621 176 469",
    ],
)
def test_unknown_formats_are_left_unlinked(raw):
    assert parse(raw) is None
    assert to_e164(raw) == ""


def test_unknown_format_is_displayed_as_typed_with_spaces_tidied():
    assert french_display("  06 21 17 64 69   poste 12 ") == "06 21 17 64 69 poste 12"
    assert french_display(None) == ""


def test_foreign_number_with_00_prefix():
    assert to_e164("0032 2 123 45 67") == "+3221234567"
