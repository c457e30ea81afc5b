"""What every page model of the site shares: `.public()` in the listing's own query, and the
view restrictions of a page read in one query."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageManager as WagtailPageManager
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet as WagtailPageQuerySet


class PageQuerySet(WagtailPageQuerySet):
    def public(self):
        """Wagtail's rule — no view restriction on the page nor on an ancestor — as a subquery
        of this query: Wagtail's `public()` first reads every restriction of the site, one more
        query for each listing of a page."""
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        return self.exclude(Exists(restricted))


PageManager = WagtailPageManager.from_queryset(PageQuerySet)


def pages(model):
    """`model`'s pages with this `public()`, for models whose manager is Wagtail's (`Page`)."""
    return PageQuerySet(model)


class BasePage(Page):
    objects = PageManager()

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """As Wagtail's (the page's and its ancestors' restrictions, an alias's being its
        source's), in one query: the ancestors' paths are the prefixes of the page's own."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        restrictions = PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        )
        return restrictions.distinct()
