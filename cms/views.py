import secrets

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import number_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from wagtail.models import Site
from wagtail.views import serve

from cms.pages import route_below, specific_page
from cms.search import SearchResults
from cms.text import clean_query

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    page_number = request.GET.get("page")
    context = {"search_query": query, "results_page": None}
    if query:
        results = SearchResults(query, page_number, SEARCH_RESULTS_PER_PAGE)
        context["results_page"] = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(page_number)
        if results.more_than_cap:
            context["results_cap"] = number_format(results.cap, force_grouping=True)
    return render(request, "search.html", context)


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says: sent to the static
    file, which WhiteNoise serves with the other static files."""
    return redirect(static("favicon.ico"))


def database_state():
    try:
        connection.ensure_connection()
        return "ok" if connection.is_usable() else "unavailable"
    except DatabaseError:
        return "unavailable"


def cache_state():
    """Whether the cache keeps what is written to it (a cache out of reach misses)."""
    probe = secrets.token_hex(8)
    try:
        cache.set("healthz", probe, 10)
        return "ok" if cache.get("healthz") == probe else "unavailable"
    except Exception:  # any backend's error (the database cache's too): what is checked
        return "unavailable"


@never_cache
@require_safe  # GET and HEAD, as load balancers probe
def healthz(request):
    """For the load balancer and the monitoring: 200 while the database answers (a cache out of
    reach only slows the site down: « degraded »), 503 otherwise; the state of each part in
    JSON. Out of the page cache (PAGE_CACHE_EXCLUDED_PATHS), so it reads no cache first."""
    state = {"database": database_state(), "cache": cache_state()}
    if state["database"] != "ok":
        return JsonResponse({"status": "unavailable", **state}, status=503)
    status = "ok" if state["cache"] == "ok" else "degraded"
    return JsonResponse({"status": status, **state})


@require_safe
def page_file(request, page_path, filename):
    """The route `<filename>/` of the page at `page_path`, at an address that ends with the file's
    name: Wagtail serves page addresses ending with a slash only. Served by Wagtail's own view,
    so view restrictions and every serving hook apply; a page without the route answers 404."""
    return serve_page(request, f"{page_path}{filename}/")


def serve_page(request, path):
    """Wagtail's view of the pages (its hooks, view restrictions…), with the page found below the
    site's root page as the site reads it: Wagtail would first read the root page as its own type
    to call its `route()`, and the root page's view restrictions in a query of their own. Wagtail
    keeps the route of a request on it and reuses it."""
    path_components = [component for component in path.split("/") if component]
    site = Site.find_for_request(request)
    if site is not None:
        try:
            if path_components:
                route = route_below(site.root_page, request, path_components)
            else:  # the root page, read with whether a view restriction applies to it
                route = specific_page(site.root_page).route(request, [])
        except Http404:
            route = None
        request._wagtail_route_for_request = route
    return serve(request, path)
