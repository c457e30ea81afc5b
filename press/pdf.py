"""The PDF of a press release: rendered once per version of the content, kept in the media
storage and served from there (cms.pdf).

The `pdf/` route of the release calls `release_pdf_response`, which serves the stored file of
the current version, rendering and storing it first if it is missing. Drafts shown in the « PDF »
preview mode, and private releases, are rendered on the fly and never stored; the PDFs of an
unpublished or deleted release are removed (press.signals).
"""

from django.http import Http404

from cms import files, pdf
from cms.pdf import is_private as is_private  # press.media_kit reads it from here

PDF_ROOT = "press/pdf"
TEMPLATE = "press/press_release_pdf.html"


def pdf_directory(page):
    return f"{PDF_ROOT}/{page.pk}"


def pdf_storage_path(page):
    return pdf.storage_path(pdf_directory(page), page)


def pdf_filename(page):
    return f"{page.slug}.pdf"


def _release_context(page):
    """The template reads the press settings (default contacts, « À propos ») itself."""
    return {
        "page": page,
        "body_blocks": [block for block in page.body if block.block_type != "press_contacts"],
        "press_contacts_blocks": [
            block for block in page.body if block.block_type == "press_contacts"
        ],
    }


def render_release_pdf(page, request=None):
    """The PDF bytes of `page` as it is now: tagged (PDF/UA-1), French, text selectable."""
    request = request or pdf.publication_request(page)
    return pdf.render_pdf(TEMPLATE, _release_context(page), request)


def store_release_pdf(page):
    """Render the live release and store it under the current version's path (the only file
    kept for it); returns the path."""
    return pdf.store_pdf(pdf_directory(page), page, lambda: render_release_pdf(page))


def delete_release_pdfs(page):
    """Remove every stored PDF of `page` (older revisions, or all once unpublished)."""
    files.delete_all(pdf_directory(page))


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
    return pdf.stored_pdf(pdf_directory(page), page, lambda: render_release_pdf(page))


def pdf_response(page, content):
    return pdf.pdf_response(content, pdf_filename(page))
