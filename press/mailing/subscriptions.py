"""The double opt-in: a request stores a pending subscriber and mails a signed, expiring link."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from press.mailing import emails
from press.mailing.models import Subscriber


def request_subscription(request, form):
    """Same outcome seen from outside whatever the address's state: nothing is revealed.

    A new or inactive address gets (again) a confirmation link; a confirmed address only gets
    a notice that it is already on the list, and its data is left untouched.
    """
    data = form.cleaned_data
    source = request.build_absolute_uri(data["source"] or request.path)
    try:
        with transaction.atomic():
            subscriber, _ = Subscriber.objects.get_or_create(
                email=data["email"], defaults={"name": data["name"], "outlet": data["outlet"]}
            )
    except IntegrityError:  # the same address submitted twice at the same instant
        subscriber = Subscriber.objects.get(email=data["email"])

    if subscriber.status == Subscriber.Status.ACTIVE:
        emails.send_already_subscribed(request, subscriber)
        return

    subscriber.name = data["name"]
    subscriber.outlet = data["outlet"]
    subscriber.frequency = data["frequency"]
    subscriber.tracking_consent = data["tracking_consent"]
    subscriber.status = Subscriber.Status.PENDING
    subscriber.requested_at = timezone.now()
    subscriber.consent_text = form.consent_text
    subscriber.source_url = source[:500]
    subscriber.save()
    subscriber.topics.set(data["topics"])
    emails.send_confirmation(request, subscriber)
