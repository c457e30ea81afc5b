"""Transactional emails of the opt-in (the release mailings themselves are in `message.py`)."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from cms.text import one_line
from press.mailing.tokens import (
    CONFIRM_MAX_AGE,
    make_confirm_token,
    make_preferences_token,
    make_unsubscribe_token,
)


def _send(template, subscriber, context):
    subject = one_line(render_to_string(f"mailing/email/{template}_subject.txt", context))
    text = render_to_string(f"mailing/email/{template}.txt", context)
    html = render_to_string(f"mailing/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    message.send()


def send_confirmation(request, subscriber):
    url = reverse("mailing:confirm", args=[make_confirm_token(subscriber)])
    _send(
        "confirm",
        subscriber,
        {
            "subscriber": subscriber,
            "confirm_url": request.build_absolute_uri(url),
            "valid_days": CONFIRM_MAX_AGE.days,
        },
    )


def send_already_subscribed(request, subscriber):
    url = reverse("mailing:unsubscribe", args=[make_unsubscribe_token(subscriber)])
    preferences = reverse("mailing:preferences", args=[make_preferences_token(subscriber)])
    _send(
        "already_subscribed",
        subscriber,
        {
            "subscriber": subscriber,
            "unsubscribe_url": request.build_absolute_uri(url),
            "preferences_url": request.build_absolute_uri(preferences),
        },
    )
