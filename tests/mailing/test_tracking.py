import base64
import json

import pytest

from press.mailing.models import Delivery, DeliveryEvent, Subscriber
from tests.factories.mailing import DeliveryFactory

pytestmark = pytest.mark.django_db

AUTH = "Basic " + base64.b64encode(b"anymail-test:webhook-secret").decode()
BREVO = "/anymail/brevo/tracking/"
MAILJET = "/anymail/mailjet/tracking/"


def brevo_event(delivery, event, ts=1_795_000_000_000, **extra):
    return {
        "event": event,
        "email": delivery.subscriber.email if delivery.subscriber else "x@example.org",
        "id": 123456,
        "message-id": delivery.message_id,
        "ts_epoch": ts,
        "X-Mailin-custom": json.dumps({"delivery": delivery.pk}),
        **extra,
    }


def post(client, url, payload, auth=AUTH):
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return client.post(url, json.dumps(payload), content_type="application/json", **headers)


def test_brevo_delivered_event_updates_the_delivery(client):
    delivery = DeliveryFactory()

    response = post(client, BREVO, brevo_event(delivery, "delivered"))

    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.delivered_at is not None
    assert DeliveryEvent.objects.get().event_type == "delivered"


def test_a_replayed_webhook_changes_nothing(client):
    delivery = DeliveryFactory()
    payload = brevo_event(delivery, "unique_opened")

    post(client, BREVO, payload)
    delivery.refresh_from_db()
    first = (delivery.status, delivery.opened_at, delivery.updated_at)
    assert post(client, BREVO, payload).status_code == 200

    delivery.refresh_from_db()
    assert (delivery.status, delivery.opened_at, delivery.updated_at) == first
    assert DeliveryEvent.objects.count() == 1


def test_out_of_order_events_never_move_a_delivery_backwards(client):
    delivery = DeliveryFactory()

    post(client, BREVO, brevo_event(delivery, "click", ts=1_795_000_300_000))
    post(client, BREVO, brevo_event(delivery, "unique_opened", ts=1_795_000_200_000))
    post(client, BREVO, brevo_event(delivery, "delivered", ts=1_795_000_100_000))
    post(client, BREVO, brevo_event(delivery, "request", ts=1_795_000_000_000))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.CLICKED
    assert delivery.delivered_at is not None
    assert delivery.opened_at is not None
    assert DeliveryEvent.objects.count() == 4


def test_hard_bounce_deactivates_the_subscriber_soft_bounce_does_not(client):
    hard, soft = DeliveryFactory(), DeliveryFactory()

    post(client, BREVO, brevo_event(hard, "hard_bounce", reason="550 unknown user"))
    post(client, BREVO, brevo_event(soft, "soft_bounce", reason="452 mailbox full"))

    hard.refresh_from_db()
    soft.refresh_from_db()
    assert hard.status == Delivery.Status.BOUNCED
    assert hard.subscriber.status == Subscriber.Status.BOUNCED
    assert soft.status == Delivery.Status.DEFERRED
    assert soft.subscriber.status == Subscriber.Status.ACTIVE


def test_mailjet_complaint_deactivates_the_subscriber(client):
    delivery = DeliveryFactory(message_id="19421777835146490")
    events = [
        {
            "event": "spam",
            "time": 1_795_000_000,
            "MessageID": 19421777835146490,
            "email": delivery.subscriber.email,
            "source": "JMRPP",
        },
        {
            "event": "open",
            "time": 1_795_000_100,
            "MessageID": 19421777835146490,
            "email": delivery.subscriber.email,
        },
    ]

    assert post(client, MAILJET, events).status_code == 200

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.COMPLAINED  # the later « open » does not undo it
    assert delivery.subscriber.status == Subscriber.Status.COMPLAINED


def test_mailjet_soft_bounce_is_deferred(client):
    delivery = DeliveryFactory(message_id="42")
    event = {"event": "bounce", "time": 1_795_000_000, "MessageID": 42, "hard_bounce": False}

    post(client, MAILJET, event)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DEFERRED
    assert delivery.subscriber.status == Subscriber.Status.ACTIVE


def test_unsubscribe_at_the_esp_unsubscribes(client):
    delivery = DeliveryFactory()

    post(client, BREVO, brevo_event(delivery, "unsubscribe"))

    delivery.subscriber.refresh_from_db()
    assert delivery.subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize(
    "auth",
    [
        None,
        "Basic " + base64.b64encode(b"anymail-test:wrong").decode(),
        "Basic !!!",
        "Bearer anymail-test:webhook-secret",
    ],
)
def test_a_webhook_without_the_secret_is_refused_and_changes_nothing(client, auth):
    delivery = DeliveryFactory()

    response = post(client, BREVO, brevo_event(delivery, "hard_bounce"), auth=auth)

    assert 400 <= response.status_code < 500
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.subscriber.status == Subscriber.Status.ACTIVE
    assert not DeliveryEvent.objects.exists()


def test_events_for_unknown_messages_are_ignored(client):
    other = DeliveryFactory()
    payload = brevo_event(other, "delivered")
    payload["message-id"] = "<inconnu@example.org>"
    payload["X-Mailin-custom"] = json.dumps({"delivery": "not-a-number"})

    assert post(client, BREVO, payload).status_code == 200
    assert not DeliveryEvent.objects.exists()


def test_an_erased_subscribers_delivery_still_counts_events(client):
    delivery = DeliveryFactory()
    delivery.subscriber.erase()

    post(client, BREVO, brevo_event(Delivery.objects.get(), "delivered"))

    delivery.refresh_from_db()
    assert delivery.subscriber is None
    assert delivery.status == Delivery.Status.DELIVERED
