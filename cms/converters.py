"""Path converters shared by the apps' URLs."""

from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    """A database id in a URL: at most 18 digits, so it fits a 64-bit integer. Django's `int`
    takes any length, and SQLite fails (OverflowError, an error 500) on a larger one; a longer
    number is simply not found."""

    regex = "[0-9]{1,18}"
