from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import number_format
from django.views.decorators.http import require_GET

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
