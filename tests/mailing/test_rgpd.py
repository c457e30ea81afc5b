"""RGPD: the list holds only people who confirmed; they can be erased without losing counts."""

import re

import pytest
from django.conf import settings
from django.utils import timezone

from press.mailing.models import Delivery, Mailing, Subscriber
from tests.factories.mailing import DeliveryFactory

pytestmark = pytest.mark.django_db

CREATES_SUBSCRIBERS = re.compile(
    r"(?<!class )Subscriber(\.objects\.(create|get_or_create|update_or_create|bulk_create)|\()"
)


def test_the_only_way_in_is_the_confirmed_opt_in():
    """No import, no census contact, no demo: subscribers are created by the form alone.

    The census of practices collects contacts of town halls; they never feed this list.
    """
    creators = {
        path.relative_to(settings.BASE_DIR).as_posix()
        for app in ("cms", "home", "partners", "press", "practices")
        for path in (settings.BASE_DIR / app).rglob("*.py")
        if "migrations" not in path.parts and CREATES_SUBSCRIBERS.search(path.read_text())
    }
    assert creators == {"press/mailing/subscriptions.py"}
    # …and what it creates is pending until the link is followed.
    assert Subscriber._meta.get_field("status").default == Subscriber.Status.PENDING
    census = settings.BASE_DIR / "practices" / "census"
    for path in census.rglob("*.py"):
        assert "press.mailing" not in path.read_text(encoding="utf-8"), path


def test_demo_content_creates_no_subscriber(home_page):
    assert not Subscriber.objects.exists()


def test_erase_keeps_anonymised_deliveries_and_counts():
    delivery = DeliveryFactory(status=Delivery.Status.OPENED, opened_at=timezone.now())
    subscriber = delivery.subscriber

    subscriber.erase()

    assert not Subscriber.objects.filter(email=subscriber.email).exists()
    delivery.refresh_from_db()
    assert delivery.subscriber_id is None
    assert Mailing.objects.with_counts().get().count_opened == 1
