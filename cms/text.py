"""Helpers that turn untrusted text into something safe to use, and fold text for searches."""

import html
import re
import unicodedata

MAX_QUERY_LENGTH = 200
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'"})
# Runs of whitespace that may break a line: all but the no-break spaces of French typography.
BREAKING_WHITESPACE = re.compile(r"[^\S\u00a0\u202f]+")


def clean_query(value, max_length=MAX_QUERY_LENGTH):
    """Drop control characters (NUL included), collapse whitespace and cap the length."""
    printable = "".join(
        char for char in value[: max_length * 4] if unicodedata.category(char)[0] != "C"
    )
    return " ".join(printable.split())[:max_length]


def fold(text):
    """Text compared without accents nor case: « Cœur de Marcq-en-Barœul » → "coeur de
    marcq-en-baroeul"."""
    text = (text or "").lower()
    if not text.isascii():  # ASCII text has no accent nor ligature to fold
        decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(text.split())


def one_line(value):
    """Text fit for an email header: line breaks become spaces, other control characters go.
    No-break spaces (U+00A0, U+202F) stay, so a subject keeps its French typography."""
    printable = "".join(
        char for char in str(value) if char.isspace() or unicodedata.category(char)[0] != "C"
    )
    return BREAKING_WHITESPACE.sub(" ", printable).strip()


# A cell starting with one of these runs as a formula in a spreadsheet (CSV/Excel injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell a spreadsheet shows as text: « =HYPERLINK(…) » becomes « '=HYPERLINK(…) »."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_html(value):
    """What `django.utils.html.escape` returns, as a plain string: for template tags that write
    hundreds of values a page, where its lazy-string check and SafeString wrapper cost more than
    the escaping itself."""
    return html.escape(str(value))
