"""What every page model of the site shares: `.public()` in the listing's own query, and the
view restrictions of a page read once (none at all when its routing already knows them)."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction
from wagtail.models import PageManager as WagtailPageManager
from wagtail.query import PageQuerySet as WagtailPageQuerySet


def restriction_on_branch(path_of="page__path"):
    """Condition on a page: a view restriction is set on the page at `path_of` (a lookup from
    the restriction) whose path prefixes the page's (the page itself or an ancestor)."""
    return Exists(
        PageViewRestriction.objects.filter(
            **{path_of: Substr(OuterRef("path"), 1, Length(path_of))}
        )
    )


def in_restricted_branch():
    """Condition on a page: a view restriction applies to it, as Wagtail's check of a page
    finds them: set on the page or an ancestor, or on the source of such a page that is an
    alias."""
    return restriction_on_branch() | restriction_on_branch("page__aliases__path")


class PageQuerySet(WagtailPageQuerySet):
    def public(self):
        """Wagtail's rule (a restriction on the page or an ancestor) as a subquery of this query,
        which the database runs as an anti-join: Wagtail's `public()` first reads every
        restriction of the site, one more query for each listing of a page."""
        return self.exclude(restriction_on_branch())


PageManager = WagtailPageManager.from_queryset(PageQuerySet)


def pages(model):
    """`model`'s pages with this `public()`, for models whose manager is Wagtail's (`Page`)."""
    return PageQuerySet(model)


class BasePage(Page):
    objects = PageManager()

    # Foreign keys the page's own template shows, read with the page when it is routed.
    serve_related = ()

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """As Wagtail's (the page's and its ancestors' restrictions, an alias's being its
        source's), in one query: the ancestors' paths are the prefixes of the page's own. None
        when the routing that found the page saw that no restriction applies to it."""
        if getattr(self, "in_restricted_branch", True) is False:
            return PageViewRestriction.objects.none()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        restrictions = PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        )
        return restrictions.distinct()
