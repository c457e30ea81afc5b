"""The site's URLs plus a bare CSRF-protected form, for the page cache tests."""

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path
from django.utils.html import escape

from cms.urls import urlpatterns as site_urlpatterns

FORM = Template(
    '<form method="post">{% csrf_token %}<label for="n">Nom</label>'
    '<input id="n" name="name"><button>Envoyer</button></form>'
)


def form_view(request):
    if request.method == "POST":
        return HttpResponse(f"Merci {escape(request.POST.get('name', ''))}")
    return HttpResponse(FORM.render(RequestContext(request)))


urlpatterns = [path("formulaire-test/", form_view), *site_urlpatterns]
