"""The PDF of a report (cover, table of contents, page numbers, charts and map as vectors),
rendered and stored once per published version like a press release's (cms.pdf); previews and
private reports are rendered on the fly and never stored."""

from django.http import Http404

from cms import files, pdf

PDF_ROOT = "reports/pdf"
TEMPLATE = "reports/report_pdf.html"


def pdf_directory(page):
    return f"{PDF_ROOT}/{page.pk}"


def render(page, request=None):
    request = request or pdf.publication_request(page)
    return pdf.render_pdf(TEMPLATE, {"page": page}, request)


def response(request, page):
    is_preview = getattr(request, "is_preview", False)
    if not is_preview and not page.live:
        raise Http404
    if is_preview or pdf.is_private(page):
        content = render(page, request)
    else:
        content = pdf.stored_pdf(pdf_directory(page), page, lambda: render(page))
    return pdf.pdf_response(content, f"{page.slug}.pdf")


def delete_pdfs(page):
    files.delete_all(pdf_directory(page))
