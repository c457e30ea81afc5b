"""Text of the catalogue's search index."""

import re

from django.utils.html import strip_tags


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
