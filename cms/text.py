"""Helpers that turn untrusted text from query strings into something safe to use."""

import unicodedata

MAX_QUERY_LENGTH = 200


def clean_query(value, max_length=MAX_QUERY_LENGTH):
    """Drop control characters (NUL included), collapse whitespace and cap the length."""
    printable = "".join(
        char for char in value[: max_length * 4] if unicodedata.category(char)[0] != "C"
    )
    return " ".join(printable.split())[:max_length]


def one_line(value):
    """Text fit for an email header: line breaks become spaces, other control characters go."""
    printable = "".join(
        char for char in str(value) if char.isspace() or unicodedata.category(char)[0] != "C"
    )
    return " ".join(printable.split())


# A cell starting with one of these runs as a formula in a spreadsheet (CSV/Excel injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell a spreadsheet shows as text: « =HYPERLINK(…) » becomes « '=HYPERLINK(…) »."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
