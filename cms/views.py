from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page

from cms.text import clean_query

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    results_page = None
    if query:
        results_page = Paginator(search_pages(query), SEARCH_RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "search.html",
        {"search_query": query, "results_page": results_page},
    )


def search_pages(query):
    # Double quotes would open an FTS phrase, which SQLite's FTS5 rejects when unbalanced.
    terms = " ".join(query.replace('"', " ").split())
    if not terms:
        return Page.objects.none()
    return Page.objects.live().public().exclude(depth__lte=1).search(terms)


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
