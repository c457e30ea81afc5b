"""Accent- and case-insensitive text folding for the catalogue's search."""

import re
import unicodedata

from django.utils.html import strip_tags

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'"})


def fold(text):
    """« Cœur de Marcq-en-Barœul » → "coeur de marcq-en-baroeul"."""
    text = (text or "").lower().translate(LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def stream_text(raw_data):
    """All the strings of a StreamField's raw data, tags stripped (for the search index)."""
    strings = []

    def walk(value):
        if isinstance(value, str):
            strings.append(strip_tags(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in {"type", "id"}:
                    walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(list(raw_data or []))
    return re.sub(r"\s+", " ", " ".join(strings))
