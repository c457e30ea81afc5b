"""Statistics for staff without a per-person history of opens and clicks, unless consented."""

import pytest

from press.mailing.models import Delivery, DeliveryEvent, Mailing, Subscriber
from tests.factories.mailing import DeliveryFactory, MailingFactory

from .test_tracking import BREVO, brevo_event, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def brevo(settings):
    settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"


def test_opens_and_clicks_without_consent_are_only_counted(client, brevo):
    delivery = DeliveryFactory()
    opened = brevo_event(delivery, "unique_opened", ts=1_795_000_100_000)

    for payload in (opened, opened, brevo_event(delivery, "click", ts=1_795_000_200_000)):
        assert post(client, BREVO, payload).status_code == 200

    delivery.refresh_from_db()
    assert (delivery.status, delivery.opened_at) == (Delivery.Status.SENT, None)
    assert not delivery.events.exists()  # nothing links these events to the person
    counts = Mailing.objects.with_counts().get()
    assert (counts.count_opened, counts.count_clicked) == (1, 1)  # the replay counted once
    assert DeliveryEvent.objects.filter(delivery=None).count() == 2


def test_with_consent_the_persons_opens_are_recorded(client, brevo):
    delivery = DeliveryFactory(subscriber__tracking_consent=True)

    post(client, BREVO, brevo_event(delivery, "unique_opened"))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.OPENED
    assert delivery.opened_at is not None
    assert Mailing.objects.with_counts().get().count_opened == 1


def test_staff_see_the_aggregate_counts_of_a_mailing(admin_client):
    mailing = MailingFactory(anonymous_opens=4, anonymous_clicks=2)
    DeliveryFactory(mailing=mailing, status=Delivery.Status.DELIVERED)
    DeliveryFactory(mailing=mailing, status=Delivery.Status.BOUNCED)

    html = admin_client.get(f"/admin/mailing/mailing/inspect/{mailing.pk}/").content.decode()

    for count in (
        "envoyés\u00a0: 2",
        "en échec\u00a0: 1",
        "ouverts\u00a0: 4",
        "liens suivis\u00a0: 2",
    ):
        assert count in html


def test_the_consent_is_given_at_subscription_and_withdrawn_from_the_preferences(client):
    from press.mailing.tokens import make_preferences_token

    client.post(
        "/liste-presse/abonnement/",
        {
            "email": "claire@media.example",
            "name": "Claire",
            "outlet": "La Voix du Nord",
            "consent": "on",
            "tracking_consent": "on",
        },
    )
    subscriber = Subscriber.objects.get()
    assert subscriber.tracking_consent

    url = f"/liste-presse/preferences/{make_preferences_token(subscriber)}/"
    assert client.post(url, {"frequency": "immediate"}).status_code == 200

    subscriber.refresh_from_db()
    assert not subscriber.tracking_consent
