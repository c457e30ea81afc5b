"""Alerts by topic that send themselves, the weekly digest and « Gérer mes préférences »."""

import datetime
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from press.mailing.digest import last_week
from press.mailing.models import Mailing, Subscriber
from press.models import PressReleasePage
from tests.factories.mailing import SubscriberFactory

from .conftest import make_release

pytestmark = pytest.mark.django_db
WEEKLY = Subscriber.Frequency.WEEKLY


def recipients_of(outbox):
    return Counter(address for message in outbox for address in message.to)


@pytest.fixture
def topics():
    return Tag.objects.create(name="Local", slug="local"), Tag.objects.create(
        name="National", slug="national"
    )


@pytest.fixture
def readers(topics):
    local, national = topics
    readers = {
        "local": SubscriberFactory(email="local@media.example"),
        "all": SubscriberFactory(email="tout@media.example"),
        "national": SubscriberFactory(email="national@media.example"),
        "weekly": SubscriberFactory(email="hebdo@media.example", frequency=WEEKLY),
    }
    readers["local"].topics.add(local)
    readers["national"].topics.add(national)
    readers["weekly"].topics.add(local)
    return readers


def publish(release, capture, **revision):
    with capture(execute=True):
        release.save_revision(**revision).publish()


def local_release(press_index, topics, **fields):
    release = make_release(press_index, publish=False, alert_subscribers=True, **fields)
    release.topics.add(topics[0])
    return release


def test_publishing_alerts_the_matching_immediate_subscribers_once(
    press_index, topics, readers, mailoutbox, django_capture_on_commit_callbacks, admin_client
):
    release = local_release(press_index, topics)

    publish(release, django_capture_on_commit_callbacks)
    publish(release, django_capture_on_commit_callbacks)  # a correction published later

    assert recipients_of(mailoutbox) == Counter({"local@media.example": 1, "tout@media.example": 1})
    alert = Mailing.objects.get(kind=Mailing.Kind.ALERT)
    assert alert.status == Mailing.Status.SENT

    # The manual send, to everyone: never a second copy to those the alert reached.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/liste-presse/communique/{release.pk}/envoyer/", {"confirm": 1})
    assert recipients_of(mailoutbox) == Counter(
        {f"{name}@media.example": 1 for name in ("local", "tout", "national", "hebdo")}
    )


def test_an_unticked_release_alerts_nobody(
    press_index, topics, readers, mailoutbox, django_capture_on_commit_callbacks
):
    release = local_release(press_index, topics)
    release.alert_subscribers = False

    publish(release, django_capture_on_commit_callbacks)

    assert mailoutbox == []
    assert not Mailing.objects.exists()


def test_the_alert_waits_for_the_embargo(
    press_index, topics, readers, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    embargo = timezone.now() + timedelta(hours=2)
    release = local_release(press_index, topics, slug="embargo", go_live_at=embargo)

    publish(release, django_capture_on_commit_callbacks)  # « Programmer la publication »
    assert mailoutbox == []

    monkeypatch.setattr(timezone, "now", lambda: embargo + timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")

    assert recipients_of(mailoutbox) == Counter({"local@media.example": 1, "tout@media.example": 1})


def test_weekly_subscribers_get_the_week_in_one_digest_once(
    press_index, topics, readers, mailoutbox, django_capture_on_commit_callbacks
):
    release = local_release(press_index, topics)
    publish(release, django_capture_on_commit_callbacks)
    other = local_release(press_index, topics, slug="autre", title="Un second communiqué")
    publish(other, django_capture_on_commit_callbacks)
    monday = last_week()
    wednesday = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(10)))
    PressReleasePage.objects.update(first_published_at=wednesday + timedelta(days=2))
    mailoutbox.clear()

    call_command("send_weekly_digest")
    call_command("send_weekly_digest")  # a second cron run changes nothing

    (digest,) = mailoutbox
    assert digest.to == ["hebdo@media.example"]
    assert "semaine du" in digest.subject
    for body in (digest.body, digest.alternatives[0][0]):
        assert release.title in body
        assert other.title in body
        assert release.full_url in body
    assert "List-Unsubscribe" in digest.extra_headers
    assert Mailing.objects.get(kind=Mailing.Kind.DIGEST).status == Mailing.Status.SENT


def test_nothing_is_sent_on_an_empty_week(readers, mailoutbox):
    call_command("send_weekly_digest", semaine="2026-11-02")

    assert mailoutbox == []
    assert not Mailing.objects.exists()


def link(message, label):
    return re.search(rf"{label}\u00a0:? ?(http://localhost(/\S+))", message.body).group(2)


def test_preferences_and_one_click_unsubscribe_from_the_alert_email(
    press_index, topics, readers, mailoutbox, django_capture_on_commit_callbacks
):
    publish(local_release(press_index, topics), django_capture_on_commit_callbacks)
    email = next(m for m in mailoutbox if m.to == ["local@media.example"])
    preferences = link(email, r"Gérer mes préférences \(thèmes, fréquence\)")
    assert preferences.startswith("/liste-presse/preferences/")
    assert preferences in email.alternatives[0][0]
    client = Client(enforce_csrf_checks=True)

    page = client.get(preferences)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gérer mes préférences" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    saved = client.post(
        preferences,
        {"csrfmiddlewaretoken": token, "frequency": WEEKLY},  # no topic: everything
    )
    assert "Vos préférences sont enregistrées" in saved.content.decode()
    subscriber = Subscriber.objects.get(email="local@media.example")
    assert subscriber.frequency == WEEKLY
    assert not subscriber.topics.exists()
    assert client.get(preferences[:-5] + "xxxx/").status_code == 400
    assert (
        client.post(preferences, {"csrfmiddlewaretoken": token, "frequency": "jamais"}).status_code
        == 400
    )

    unsubscribe = re.match(r"<http://localhost(/\S+)>,", email.extra_headers["List-Unsubscribe"])
    response = client.post(
        unsubscribe.group(1), "List-Unsubscribe=One-Click", content_type="text/plain"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_the_frequency_is_chosen_at_subscription(client):
    client.post(
        "/liste-presse/abonnement/",
        {
            "email": "hebdo@media.example",
            "name": "Claire Martin",
            "outlet": "La Voix du Nord",
            "consent": "on",
            "frequency": WEEKLY,
        },
    )

    assert Subscriber.objects.get().frequency == WEEKLY


def test_the_subscription_form_and_the_preferences_share_the_choices(client, press_index, topics):
    """One include renders the topics, the frequency and the consent on both pages."""
    from press.mailing.tokens import make_preferences_token

    local_release(press_index, topics).save_revision().publish()
    subscriber = SubscriberFactory(frequency=WEEKLY, tracking_consent=True)
    subscriber.topics.add(topics[0])
    preferences_url = f"/liste-presse/preferences/{make_preferences_token(subscriber)}/"

    pages = {
        "subscribe": client.get("/liste-presse/abonnement/"),
        "preferences": client.get(preferences_url),
        "preferences with an error": client.post(preferences_url, {"frequency": "jamais"}),
    }

    for page in pages.values():
        templates = [template.name for template in page.templates]
        assert templates.count("mailing/includes/preference_fields.html") == 1
        html = page.content.decode()
        assert html.count('<fieldset class="mailing-topics"') == 1
        assert html.count('<fieldset class="mailing-frequency"') == 1
        assert 'name="tracking_consent"' in html
        assert "Local" in html
    chosen = pages["preferences"].content.decode()
    assert re.search(r'<input type="checkbox" name="topics" value="\d+"[^>]* checked', chosen)
    assert re.search(r'<input type="radio" name="frequency" value="weekly"[^>]* checked', chosen)
    assert re.search(r'name="tracking_consent" id="id_tracking_consent" checked', chosen)
    refused = pages["preferences with an error"]
    assert refused.status_code == 400
    assert 'aria-describedby="id_frequency-errors"' in refused.content.decode()
