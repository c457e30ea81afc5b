"""Query helpers shared by the apps."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def public(pages):
    """`pages.public()` without its extra query.

    Wagtail's `PageQuerySet.public()` first loads every view restriction of the site, one more
    query each time it is called (menu, listings, counts…). This filter says the same in SQL: no
    view restriction on the page or on one of its ancestors (whose path prefixes the page's).
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.filter(~Exists(restricted))
