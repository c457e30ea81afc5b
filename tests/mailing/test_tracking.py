import base64
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from press.mailing.checks import webhook_secret_check
from press.mailing.models import Delivery, DeliveryEvent, Subscriber
from tests.factories.mailing import DeliveryFactory

pytestmark = pytest.mark.django_db
BREVO_BACKEND = "anymail.backends.brevo.EmailBackend"
MAILJET_BACKEND = "anymail.backends.mailjet.EmailBackend"


@pytest.fixture(autouse=True)
def brevo(settings):
    """Only the configured ESP's webhook answers: Brevo, unless a test says otherwise."""
    settings.EMAIL_BACKEND = BREVO_BACKEND


@pytest.fixture
def mailjet(settings):
    settings.EMAIL_BACKEND = MAILJET_BACKEND


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
    delivery = DeliveryFactory(subscriber__tracking_consent=True)  # opens recorded per person

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


def test_mailjet_complaint_deactivates_the_subscriber(client, mailjet):
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


def test_mailjet_soft_bounce_is_deferred(client, mailjet):
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


def test_an_event_naming_a_delivery_in_its_metadata_is_not_matched_by_it(client):
    """Only the ESP's message id designates a delivery; the body's metadata can be forged."""
    delivery = DeliveryFactory()
    payload = brevo_event(delivery, "hard_bounce")
    payload["message-id"] = "<devine@example.org>"

    assert post(client, BREVO, payload).status_code == 200

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.subscriber.status == Subscriber.Status.ACTIVE
    assert not DeliveryEvent.objects.exists()


@pytest.mark.parametrize(
    "url", ["/anymail/sendgrid/tracking/", "/anymail/mailgun/tracking/", "/anymail/test/tracking/"]
)
def test_only_the_configured_esps_webhook_is_mounted(client, url):
    delivery = DeliveryFactory()

    response = post(client, url, [{"event": "spamreport", "sg_message_id": delivery.message_id}])

    assert response.status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


@pytest.mark.parametrize("body", ["{not json", "[1, 2", "", "null", '"text"', "[[]]"])
def test_a_malformed_body_is_a_400(client, body):
    response = client.post(BREVO, body, content_type="application/json", HTTP_AUTHORIZATION=AUTH)

    assert response.status_code == 400
    assert not DeliveryEvent.objects.exists()


@pytest.mark.parametrize("body", ["{not json", "42", '[{"event": "open", "time": "x"}]'])
def test_a_malformed_mailjet_body_is_a_400(client, mailjet, body):
    response = client.post(MAILJET, body, content_type="application/json", HTTP_AUTHORIZATION=AUTH)

    assert response.status_code == 400


def test_no_webhook_secret_with_an_esp_is_a_system_check_error(settings):
    settings.ANYMAIL = {}
    with pytest.raises(Exception, match="ANYMAIL_WEBHOOK_SECRET"):
        call_command("check", "--deploy", "--fail-level=ERROR")
    settings.ANYMAIL = {"WEBHOOK_SECRET": "anymail-test:webhook-secret"}
    assert webhook_secret_check(None) == []


def test_production_refuses_an_esp_without_webhook_secret():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ANYMAIL_") and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="x" * 60,
        EMAIL_BACKEND=BREVO_BACKEND,
        ALLOWED_HOSTS="example.org",
    )
    command = [sys.executable, "manage.py", "check", "--deploy"]
    refused = subprocess.run(  # noqa: S603 (our own command line)
        command, cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    env["ANYMAIL_WEBHOOK_SECRET"] = "utilisateur:secret-du-webhook"
    accepted = subprocess.run(  # noqa: S603
        command, cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True
    )

    assert refused.returncode != 0
    assert "mailing.E001" in refused.stderr
    assert "ANYMAIL_WEBHOOK_SECRET n'est pas défini" in refused.stderr
    assert "mailing.E001" not in accepted.stderr + accepted.stdout
