"""Helpers that turn untrusted text from query strings into something safe to use."""

import unicodedata

MAX_QUERY_LENGTH = 200


def clean_query(value, max_length=MAX_QUERY_LENGTH):
    """Drop control characters (NUL included), collapse whitespace and cap the length."""
    printable = "".join(
        char for char in value[: max_length * 4] if unicodedata.category(char)[0] != "C"
    )
    return " ".join(printable.split())[:max_length]
