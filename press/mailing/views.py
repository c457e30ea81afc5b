from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.ratelimit import allow
from press.mailing.forms import PreferencesForm, SubscribeForm
from press.mailing.subscriptions import request_subscription
from press.mailing.tokens import (
    ExpiredToken,
    InvalidToken,
    make_unsubscribe_token,
    read_confirm_token,
    read_preferences_token,
    read_unsubscribe_token,
)

SUBSCRIBE_LIMIT = 5  # requests per client address
SUBSCRIBE_WINDOW = 60 * 60  # seconds


def _page(request, template, context=None, status=200):
    """Personal pages (links from emails): never indexed."""
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _invalid_link(request, error):
    if isinstance(error, ExpiredToken):
        message = _(
            "Ce lien de confirmation a expiré. Inscrivez-vous de nouveau : vous recevrez "
            "un nouveau lien."
        )
    else:
        message = _(
            "Ce lien n'est pas valide : il est incomplet ou a été modifié. Copiez-le en "
            "entier depuis le message reçu, ou inscrivez-vous de nouveau."
        )
    return _page(request, "mailing/invalid_link.html", {"message": message}, status=400)


def _foreign_origin(request):
    """Browsers send `Origin` with their POSTs: a form posted from another site is refused."""
    origin = request.headers.get("Origin")
    return origin is not None and origin != f"{request.scheme}://{request.get_host()}"


# No CSRF token, so that the pages embedding the form stay shareable by a CDN: a subscription
# is only a request (confirmed by email), rate-limited, with a honeypot and an Origin check.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        if _foreign_origin(request):
            return _page(request, "mailing/foreign_origin.html", status=403)
        if not allow(request, "subscribe", SUBSCRIBE_LIMIT, SUBSCRIBE_WINDOW):
            return _page(request, "mailing/rate_limited.html", status=429)
        form = SubscribeForm(request.POST)
        if form.is_spam():
            return redirect("mailing:subscribe_done")
        if form.is_valid():
            request_subscription(request, form)
            return redirect("mailing:subscribe_done")
    else:
        form = SubscribeForm(initial={"source": request.path})
    return render(request, "mailing/subscribe.html", {"form": form})


def subscribe_done(request):
    return _page(request, "mailing/subscribe_done.html")


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that follow links confirm nothing."""
    try:
        subscriber = read_confirm_token(token)
    except InvalidToken as error:
        return _invalid_link(request, error)
    if request.method == "POST":
        subscriber.confirm()
        return _page(request, "mailing/confirmed.html", {"subscriber": subscriber})
    return _page(request, "mailing/confirm.html", {"subscriber": subscriber})


@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients; the signed token authenticates.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button, POST unsubscribes at once (idempotent)."""
    try:
        subscriber = read_unsubscribe_token(token)
    except InvalidToken as error:
        return _invalid_link(request, error)
    if request.method == "POST":
        if subscriber is not None:
            subscriber.unsubscribe()
        return _page(request, "mailing/unsubscribed.html")
    return _page(request, "mailing/unsubscribe.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    """« Gérer mes préférences »: topics and frequency of a confirmed subscriber."""
    try:
        subscriber = read_preferences_token(token)
    except InvalidToken as error:
        return _invalid_link(request, error)
    form = PreferencesForm(request.POST or None, instance=subscriber)
    saved = request.method == "POST" and form.is_valid()
    if saved:
        form.save()
    status = 400 if request.method == "POST" and not saved else 200
    return _page(
        request,
        "mailing/preferences.html",
        {
            "subscriber": subscriber,
            "form": form,
            "saved": saved,
            "unsubscribe_token": make_unsubscribe_token(subscriber),
        },
        status=status,
    )
