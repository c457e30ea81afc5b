"""The ESP's delivery-tracking webhook (`/anymail/<esp>/tracking/`), for the configured ESP only.

Anymail's own URLs mount a webhook for every ESP it knows; here only the ESP of EMAIL_BACKEND
answers (any other: 404), and a body the ESP's parser cannot read is a 400, not a 500. The
request is authenticated by anymail (WEBHOOK_SECRET, basic auth) before anything is parsed.
"""

import binascii
import json

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailError
from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt

NOT_AN_ESP = {"test", "console"}
# What the ESPs' parsers raise on a body that is not what they expect.
MALFORMED = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    LookupError,
    binascii.Error,
    json.JSONDecodeError,
    AnymailError,
)


def configured_esp():
    """The ESP of an anymail EMAIL_BACKEND ("anymail.backends.brevo.EmailBackend": brevo)."""
    module, _, _ = settings.EMAIL_BACKEND.rpartition(".")
    package, _, esp = module.rpartition(".")
    if package != "anymail.backends" or esp in NOT_AN_ESP:
        return None
    return esp


def _tracking_view(esp):
    name = f"{esp}_tracking_webhook"
    for pattern in anymail_urls.urlpatterns:
        if getattr(pattern, "name", None) == name:
            return pattern.callback
    return None


@csrf_exempt
def tracking(request, esp):
    view = _tracking_view(esp) if esp == configured_esp() else None
    if view is None:
        raise Http404
    try:
        return view(request)
    except MALFORMED:
        return HttpResponseBadRequest("Requête mal formée.", content_type="text/plain")
