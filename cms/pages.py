"""What every page model of the site shares: `.public()` in the listing's own query, the
view restrictions of a page read once (none at all when its routing already knows them), and
the routing of a URL in one query."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail.models import Page, PageViewRestriction, Site
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


def restriction_on(page="pk"):
    """Condition on a page: a view restriction is set on the page at `page` (a lookup from the
    page: the page itself by default). Below a public parent, `restriction_on()` is
    `public()`'s rule, and with `restriction_on("alias_of")` it is `in_restricted_branch()`,
    without prefix comparisons for Django to build and the database to plan."""
    return Exists(PageViewRestriction.objects.filter(page=OuterRef(page)))


class PageQuerySet(WagtailPageQuerySet):
    def public(self):
        """Wagtail's rule (a restriction on the page or an ancestor) as a subquery of this query,
        which the database runs as an anti-join: Wagtail's `public()` first reads every
        restriction of the site, one more query for each listing of a page."""
        return self.exclude(restriction_on_branch())

    def public_children_of(self, parent):
        """`child_of(parent).public()`; only their own restrictions when the routing found
        `parent` public (its `in_restricted_branch` is False)."""
        if getattr(parent, "in_restricted_branch", None) is False:
            return self.child_of(parent).exclude(restriction_on())
        return self.child_of(parent).public()


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


def site_sections(request):
    """The live, public children of the request's site's root page: the main menu, and the
    sections other templates link to. Read once per request (kept on it, as Wagtail keeps the
    request's site): the routing of a section's URL finds its page among them."""
    if not hasattr(request, "_site_sections"):
        site = Site.find_for_request(request)
        sections = pages(Page).child_of(site.root_page).live().public() if site else []
        request._site_sections = list(sections)
    return request._site_sections


def route_below(root, request, path_components):
    """`root.route()` for a page below it, found with whether a view restriction applies to it
    and read as its own type with what its template shows; its own routes (feeds, exports…)
    take the rest of the path. A section of the site is one of `site_sections`; a page of a
    section whose pages are all of one type is read as that type in one query; any other page
    in one query by its `url_path` (Wagtail's routing reads two rows per level of the tree),
    then one more as its own type."""
    prefixes = [
        root.url_path + "".join(f"{slug}/" for slug in path_components[:length])
        for length in range(1, len(path_components) + 1)
    ]
    section = next(
        (
            page
            for page in site_sections(request)
            if page.url_path == prefixes[0] and page.alias_of_id is None
        ),
        None,
    )
    if section is not None:
        section.in_restricted_branch = False  # public
        if len(path_components) == 1:
            return routed(specific_page(section), root, request, [])
        child_model = single_subpage_model(section.specific_class)
        if child_model is not None:
            child = (
                serve_queryset(child_model)
                .annotate(in_restricted_branch=restriction_on() | restriction_on("alias_of"))
                .filter(url_path=prefixes[1])
                .first()
            )
            if child is not None:
                return routed(child, section, request, path_components[2:])
            # None of its pages there: its own routes, else Wagtail's routing by slug.
            return routed(specific_page(section), root, request, path_components[1:])
    found = list(annotated(Page.objects.filter(url_path__in=prefixes)).order_by("depth"))
    if not found:
        raise Http404
    parent = root
    for ancestor in found[:-1]:  # the ancestors, as Wagtail's routing leaves them
        ancestor._cached_parent_obj = parent
        parent = ancestor
    return routed(specific_page(found[-1]), parent, request, path_components[len(found) :])


def annotated(queryset):
    return queryset.annotate(in_restricted_branch=in_restricted_branch())


def routed(page, parent, request, path_components):
    page._cached_parent_obj = parent
    return page.route(request, path_components)


def single_subpage_model(model):
    """The one page type allowed below pages of `model` if there is one, else None."""
    if model is None:
        return None
    allowed = model.allowed_subpage_models()
    if len(allowed) == 1 and issubclass(allowed[0], BasePage):
        return allowed[0]
    return None


def serve_queryset(model):
    """The pages of `model` with the foreign keys their template shows."""
    queryset = model.objects.all()
    if model.serve_related:
        queryset = queryset.select_related(*model.serve_related)
    return queryset


def specific_page(page):
    """`page` read as its own type, with the foreign keys its template shows, and with whether
    a view restriction applies to it (read with it unless `page` knows)."""
    model = page.specific_class
    if model is None or not issubclass(model, BasePage):
        return page.specific
    if not hasattr(page, "in_restricted_branch"):
        return annotated(serve_queryset(model)).get(pk=page.pk)
    specific = serve_queryset(model).get(pk=page.pk)
    specific.in_restricted_branch = page.in_restricted_branch
    return specific
