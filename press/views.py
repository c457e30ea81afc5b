"""Downloads of the press room that are not pages: contact vCards."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from press.models import PressContact
from press.vcards import build_vcard, unsign_inline_contact, vcard_filename

# Longer than any honest token (five short fields, compressed): refuse before unsigning.
MAX_TOKEN_LENGTH = 2000


def vcard_response(contact):
    response = HttpResponse(build_vcard(contact), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{vcard_filename(contact)}"'
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def contact_vcard(request, pk):
    """The vCard of an active `PressContact` snippet."""
    return vcard_response(get_object_or_404(PressContact, pk=pk, is_active=True))


@require_safe
def inline_contact_vcard(request, token):
    """The vCard of a contact typed inline in a block; its fields travel signed in `token`."""
    contact = unsign_inline_contact(token) if len(token) <= MAX_TOKEN_LENGTH else None
    if contact is None:
        raise Http404
    return vcard_response(contact)
