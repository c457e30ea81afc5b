"""The page number of a listing, read from the query string."""


def page_number(value):
    """The requested page number; anything malformed or below 1 means the first page."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1
