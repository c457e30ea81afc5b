"""The site's URLs plus `/__bench__/minimal/`: a minimal Django view of about 18 kB of HTML."""

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns

PARAGRAPH = (
    "<p>La participation citoyenne, cœur de nos communes : un collectif transpartisan "
    "d'élus du Nord pour la démocratie participative.</p>\n"
)
MINIMAL_HTML = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Minimal</title>'
    "</head><body><main>" + PARAGRAPH * 140 + "</main></body></html>"
)


# Given, as a cached page's is stored with it: ConditionalGetMiddleware hashes neither.
MINIMAL_ETAG = '"minimal"'


def minimal(request):
    return HttpResponse(MINIMAL_HTML, headers={"ETag": MINIMAL_ETAG})


urlpatterns = [path("__bench__/minimal/", minimal), *site_urlpatterns]
