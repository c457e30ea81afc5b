"""Delivery tracking from the ESP webhook (`webhooks.py`, basic-auth protected).

Each event is stored once (unique provider event id; Brevo and Mailjet send none, so a digest of
the event stands for it): a replayed webhook changes nothing. Statuses only move up the
`Delivery.RANK` precedence, so events arriving out of order never move a delivery backwards.
Hard bounces and complaints deactivate the subscriber; an unsubscribe at the ESP unsubscribes.
Opens and clicks are recorded per person only with their consent; otherwise they only add to
the mailing's totals (CNIL's position on email tracking).
"""

import hashlib
import json

from anymail.signals import EventType, tracking
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.utils import timezone

from press.mailing.models import Delivery, DeliveryEvent, Mailing, Subscriber

Status = Delivery.Status
EVENT_STATUS = {
    EventType.SENT: Status.SENT,
    EventType.DEFERRED: Status.DEFERRED,
    EventType.DELIVERED: Status.DELIVERED,
    EventType.OPENED: Status.OPENED,
    EventType.CLICKED: Status.CLICKED,
    EventType.BOUNCED: Status.BOUNCED,
    EventType.REJECTED: Status.REJECTED,
    EventType.FAILED: Status.FAILED,
    EventType.COMPLAINED: Status.COMPLAINED,
}


def event_id(event, esp_name):
    if event.event_id:
        return str(event.event_id)[:255]
    digest = json.dumps(
        [
            esp_name,
            event.message_id,
            event.event_type,
            event.timestamp.isoformat() if event.timestamp else None,
            event.recipient,
            event.esp_event if isinstance(event.esp_event, dict | list) else None,
        ],
        sort_keys=True,
        default=str,
    )
    return "sha256:" + hashlib.sha256(digest.encode()).hexdigest()


ANONYMOUS_COUNTERS = {
    EventType.OPENED: "anonymous_opens",
    EventType.CLICKED: "anonymous_clicks",
}


def consented(delivery):
    """Only a subscriber who agreed has their opens and clicks recorded (CNIL)."""
    return delivery.subscriber is not None and delivery.subscriber.tracking_consent


def find_delivery(event):
    """By the ESP's message id only: ids carried in the request body (metadata) can be forged."""
    if not event.message_id:
        return None
    deliveries = Delivery.objects.select_related("subscriber")
    return deliveries.filter(message_id=str(event.message_id)).first()


def is_soft_bounce(esp_event):
    """Anymail reports Brevo's and Mailjet's temporary bounces as "bounced" too."""
    if not isinstance(esp_event, dict):
        return False
    kind = esp_event.get("event")
    return kind == "soft_bounce" or (kind == "bounce" and not esp_event.get("hard_bounce", True))


def status_for(event):
    status = EVENT_STATUS.get(event.event_type)
    if status == Status.BOUNCED and is_soft_bounce(event.esp_event):
        return Status.DEFERRED
    return status


@receiver(tracking)
def record_tracking_event(sender, event, esp_name, **kwargs):
    delivery = find_delivery(event)
    if delivery is None:
        return  # not one of ours (another app's email, or an erased delivery)
    counter = ANONYMOUS_COUNTERS.get(event.event_type)
    if counter and consented(delivery):
        counter = None
    try:
        with transaction.atomic():
            DeliveryEvent.objects.create(
                delivery=None if counter else delivery,
                esp_name=esp_name,
                event_id=event_id(event, esp_name),
                event_type=event.event_type,
                timestamp=event.timestamp,
                reject_reason=event.reject_reason or "",
            )
    except IntegrityError:
        return  # a replay: already applied
    if counter:  # counted for the mailing, not recorded for the person
        Mailing.objects.filter(pk=delivery.mailing_id).update(**{counter: F(counter) + 1})
        return

    when = Value(event.timestamp or timezone.now(), output_field=DateTimeField())
    status = status_for(event)
    if status is not None:
        lower = [s for s, rank in Delivery.RANK.items() if rank < Delivery.RANK[status]]
        Delivery.objects.filter(pk=delivery.pk, status__in=lower).update(status=status)
    reached = {}
    if status in (Status.DELIVERED, Status.OPENED, Status.CLICKED):
        reached["delivered_at"] = Coalesce("delivered_at", when)
    if status in (Status.OPENED, Status.CLICKED):
        reached["opened_at"] = Coalesce("opened_at", when)
    if reached:
        Delivery.objects.filter(pk=delivery.pk).update(**reached)

    subscribers = Subscriber.objects.filter(pk=delivery.subscriber_id)
    if status == Status.BOUNCED:
        subscribers.update(status=Subscriber.Status.BOUNCED)
    elif status == Status.COMPLAINED:
        subscribers.update(status=Subscriber.Status.COMPLAINED)
    elif event.event_type == EventType.UNSUBSCRIBED:
        subscribers.filter(status=Subscriber.Status.ACTIVE).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
        )
