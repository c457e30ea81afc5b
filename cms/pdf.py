"""PDFs of pages, rendered with WeasyPrint: tagged (PDF/UA-1), French, text selectable, and kept
in the media storage once per version of the content.

A page's PDF route serves the stored file of the current version, rendering and storing it first
if it is missing. Its response is an ordinary page for the page cache: right after a
publication, concurrent requests render it once. Previews and pages behind a view restriction
are rendered on the fly and never stored. Used by the press releases (press.pdf) and the reports
(practices.reports.pdf).
"""

import mimetypes
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.http import content_disposition_header

from cms import files
from cms.caching import store


def storage_path(directory, page):
    """One file per version of the content (`cms.caching.store.global_version()`, renewed by
    every publication and every change of what a page shows: snippets, settings, images)."""
    version = store.global_version() or page.live_revision_id
    return f"{directory}/{page.slug}-{version}.pdf"


def publication_request(page):
    """A GET of the page's own URL, to render it the same way outside any request."""
    url = urlsplit(page.full_url or settings.WAGTAILADMIN_BASE_URL)
    return RequestFactory().get(url.path or "/", HTTP_HOST=url.netloc, secure=url.scheme == "https")


def local_files_fetcher(base_url):
    """Read the site's own static files from disk and its media from the media storage (this
    server's disk or the object storage's API); fetch nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    site = urlsplit(base_url)
    # What every media URL starts with: the site's MEDIA_URL, or the bucket's address.
    media_base = urljoin(base_url, default_storage.url("name").removesuffix("name"))

    class LocalFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = unquote(parts.path)
            if url.startswith(media_base):
                with default_storage.open(unquote(url.removeprefix(media_base)), "rb") as file:
                    content = file.read()
            elif (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
                raise ValueError(f"External resource not fetched for the PDF: {url}")
            elif path.startswith(settings.STATIC_URL):
                found = finders.find(path.removeprefix(settings.STATIC_URL))
                if not found:
                    raise ValueError(f"Missing static file: {url}")
                with open(found, "rb") as file:
                    content = file.read()
            else:
                raise ValueError(f"Only static and media files are fetched for the PDF: {url}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=content, headers={"Content-Type": content_type})

    return LocalFilesFetcher()


def render_pdf(template, context, request):
    """The PDF bytes of `template` rendered for `request`: tagged (PDF/UA-1), text selectable."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/")
    document = HTML(string=html, base_url=base_url, url_fetcher=local_files_fetcher(base_url))
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def is_private(page):
    return page.get_view_restrictions().exists()


def store_pdf(directory, page, render):
    """Store `render()` under the current version's path (the only file kept in `directory`);
    returns the path."""
    content = render()
    files.delete_all(directory)
    return default_storage.save(storage_path(directory, page), ContentFile(content))


def stored_pdf(directory, page, render):
    """The PDF bytes of the live `page`: the stored file of the current version, stored first
    if missing."""
    try:
        file = default_storage.open(storage_path(directory, page), "rb")
    except FileNotFoundError:
        file = default_storage.open(store_pdf(directory, page, render), "rb")
    with file:
        return file.read()


def pdf_response(content, filename):
    """The PDF shown inline, saved under `filename`."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response
