"""The PDF of a press release: rendered once per version of the content, kept in the media
storage and served from there.

The `pdf/` route of the release calls `release_pdf_response`, which serves the stored file of
the current version, rendering and storing it first if it is missing. Its response is an
ordinary page for the page cache: right after a publication, concurrent requests render it
once. Drafts shown in the « PDF » preview mode, and private releases, are rendered on the fly
and never stored; the PDFs of an unpublished or deleted release are removed (press.signals).
"""

import logging
import mimetypes
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.http import content_disposition_header

from cms.caching import store

logger = logging.getLogger(__name__)

PDF_ROOT = "press/pdf"
TEMPLATE = "press/press_release_pdf.html"


def pdf_directory(page):
    return f"{PDF_ROOT}/{page.pk}"


def pdf_storage_path(page):
    """One file per version of the content (`cms.caching.store.global_version()`, renewed by
    every publication and every change of what a release shows: contacts, settings, images)."""
    version = store.global_version() or page.live_revision_id
    return f"{pdf_directory(page)}/{page.slug}-{version}.pdf"


def pdf_filename(page):
    return f"{page.slug}.pdf"


def _publication_request(page):
    """A GET of the release's own URL, to render it the same way outside any request."""
    url = urlsplit(page.full_url or settings.WAGTAILADMIN_BASE_URL)
    return RequestFactory().get(url.path or "/", HTTP_HOST=url.netloc, secure=url.scheme == "https")


def _release_context(page):
    """The template reads the press settings (default contacts, « À propos ») itself."""
    return {
        "page": page,
        "body_blocks": [block for block in page.body if block.block_type != "press_contacts"],
        "press_contacts_blocks": [
            block for block in page.body if block.block_type == "press_contacts"
        ],
    }


def _local_files_fetcher(base_url):
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


def render_release_pdf(page, request=None):
    """The PDF bytes of `page` as it is now: tagged (PDF/UA-1), French, text selectable."""
    from weasyprint import HTML

    request = request or _publication_request(page)
    html = render_to_string(TEMPLATE, _release_context(page), request=request)
    base_url = request.build_absolute_uri("/")
    document = HTML(string=html, base_url=base_url, url_fetcher=_local_files_fetcher(base_url))
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def is_private(page):
    return page.get_view_restrictions().exists()


def store_release_pdf(page):
    """Render the live release and store it under the current version's path (the only file
    kept for it); returns the path."""
    content = render_release_pdf(page)
    delete_release_pdfs(page)
    return default_storage.save(pdf_storage_path(page), ContentFile(content))


def delete_release_pdfs(page):
    """Remove every stored PDF of `page` (older revisions, or all once unpublished)."""
    directory = pdf_directory(page)
    try:
        _directories, names = default_storage.listdir(directory)
    except FileNotFoundError:  # on a disk; object storage has no directories, only names
        return
    for name in names:
        default_storage.delete(f"{directory}/{name}")


def release_pdf_response(request, page):
    """The `pdf/` route of a release: the stored PDF, inline, named after the slug."""
    if not getattr(request, "is_preview", False) and not page.live:
        raise Http404
    return pdf_response(page, release_pdf(request, page))


def release_pdf(request, page):
    """The PDF bytes of the release: the stored file of the current version, stored first if
    missing (the `pdf/` route, the `dossier.zip` of press.media_kit)."""
    if getattr(request, "is_preview", False) or is_private(page):
        # Drafts, and releases behind a view restriction (which Wagtail checked before
        # routing here), are rendered for this request and never put in the media storage.
        return render_release_pdf(page, request)
    try:
        file = default_storage.open(pdf_storage_path(page), "rb")
    except FileNotFoundError:
        file = default_storage.open(store_release_pdf(page), "rb")
    with file:
        return file.read()


def pdf_response(page, content):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, pdf_filename(page))
    return response
