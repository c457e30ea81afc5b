import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from taggit.models import Tag

from press.mailing import sending
from press.mailing.models import Delivery, Mailing, Subscriber
from press.mailing.tasks import send_mailing_task
from tests.factories.mailing import PendingSubscriberFactory, SubscriberFactory
from tests.mailing.backends import FlakyAnymailBackend, FlakyLocmemBackend

from .conftest import make_release

pytestmark = pytest.mark.django_db
ANYMAIL_TEST = "anymail.backends.test.EmailBackend"


def new_mailing(release, **fields):
    return Mailing.objects.create(release=release, subject=release.title, **fields)


def recipients_of(outbox):
    return Counter(address for message in outbox for address in message.to)


def statuses(mailing):
    return Counter(mailing.deliveries.values_list("status", flat=True))


@pytest.fixture
def flaky():
    yield
    FlakyLocmemBackend.budget = None
    FlakyAnymailBackend.budget = None


def test_only_confirmed_subscribers_receive_the_release(release, mailoutbox):
    active = SubscriberFactory.create_batch(3)
    PendingSubscriberFactory()
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    SubscriberFactory(status=Subscriber.Status.BOUNCED)
    mailing = new_mailing(release)

    send_mailing_task.enqueue(mailing.pk)

    assert recipients_of(mailoutbox) == Counter(s.email for s in active)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.finished_at is not None
    assert statuses(mailing) == {Delivery.Status.SENT: 3}


def test_every_mailing_email_has_the_one_click_unsubscribe_headers(release, mailoutbox):
    SubscriberFactory.create_batch(3)
    send_mailing_task.enqueue(new_mailing(release).pk)

    client = Client(enforce_csrf_checks=True)
    for message in mailoutbox:
        header = message.extra_headers["List-Unsubscribe"]
        url, mailto = re.fullmatch(r"<(http[^>]+)>, <(mailto:[^>]+)>", header).groups()
        assert mailto.startswith("mailto:communication@coeurdenoscommunes.fr")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # The same link is in both bodies, and works as a one-click POST.
        path = url.split("localhost", 1)[1]
        assert url in message.body
        assert url in message.alternatives[0][0]
        response = client.post(path, "List-Unsubscribe=One-Click", content_type="text/plain")
        assert response.status_code == 200
        assert Subscriber.objects.get(email=message.to[0]).status == "unsubscribed"


def test_email_content_is_french_accessible_and_complete(release, mailoutbox):
    SubscriberFactory()
    send_mailing_task.enqueue(new_mailing(release).pk)

    message = mailoutbox[0]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert message.subject == release.title
    for body in (message.body, html):
        assert "Lille, le 23 novembre 2026" in body
        assert release.title in body
        assert release.standfirst in body
        assert "Premier paragraphe" in body
        assert "Troisième paragraphe" in body
        assert "Quatrième paragraphe" not in body
        assert release.full_url in body
        assert f"{release.full_url}pdf/" in body
        assert "Camille Dupont" in body
        assert "presse@coeurdenoscommunes.fr" in body
    assert '<html lang="fr">' in html
    assert html.count("<h1") == 1
    assert "<b>gras</b>" in html
    assert "<p>" not in message.body  # the plain-text alternative has no markup
    assert "<b>" not in message.body


def test_lead_image_has_its_alt_text(press_index, mailoutbox):
    from tests.factories.partners import LogoFactory

    image = LogoFactory(description="Des habitants votent", credit="Ville de Lille")
    release = make_release(press_index, lead_image=image)
    SubscriberFactory()

    send_mailing_task.enqueue(new_mailing(release).pk)

    html = mailoutbox[0].alternatives[0][0]
    assert re.search(r'<img src="http://localhost/[^"]+" width="\d+" height="\d+"', html)
    assert 'alt="Des habitants votent"' in html


@override_settings(EMAIL_BACKEND=ANYMAIL_TEST)
def test_esp_message_ids_metadata_and_tags_are_recorded(release):
    SubscriberFactory.create_batch(2)
    mailing = new_mailing(release)

    send_mailing_task.enqueue(mailing.pk)

    assert len(mail.outbox) == 2
    for index, message in enumerate(mail.outbox):
        params = message.anymail_test_params
        assert params["metadata"]["release"] == release.pk
        assert params["metadata"]["mailing"] == mailing.pk
        assert f"communique-{release.pk}" in params["tags"]
        delivery = Delivery.objects.get(subscriber__email=message.to[0])
        assert params["metadata"]["delivery"] == delivery.pk
        assert delivery.message_id == str(index)
        assert delivery.sent_at is not None


@override_settings(
    EMAIL_BACKEND=ANYMAIL_TEST,
    MAILING_MERGE_FIELD="{{var:%s}}",
    MAILING_BATCH_ESP_EXTRA={"Globals": {"TemplateLanguage": True}},
)
def test_esp_batch_send_uses_merge_data_and_per_recipient_headers(release):
    subscribers = SubscriberFactory.create_batch(5)
    mailing = new_mailing(release)

    sending.send_mailing(mailing.pk, batch_size=2)

    assert len(mail.outbox) == 3  # 5 recipients in batches of 2: three ESP calls
    assert recipients_of(mail.outbox) == Counter(s.email for s in subscribers)
    for message in mail.outbox:
        params = message.anymail_test_params
        assert params["is_batch_send"] is True
        assert "{{var:unsubscribe_url}}" in params["text_body"]
        assert "{{var:unsubscribe_url}}" in params["html_body"]
        assert params["Globals"] == {"TemplateLanguage": True}  # esp_extra, e.g. for Mailjet
        for address in message.to:
            url = params["merge_data"][address]["unsubscribe_url"]
            headers = params["merge_headers"][address]
            assert headers["List-Unsubscribe"].startswith(f"<{url}>, <mailto:")
            assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert "delivery" in params["merge_metadata"][address]
    assert statuses(mailing) == {Delivery.Status.SENT: 5}


@override_settings(EMAIL_BACKEND="tests.mailing.backends.FlakyLocmemBackend")
def test_interrupted_after_the_first_send_then_resumed_sends_exactly_once(
    release, mailoutbox, flaky
):
    subscribers = SubscriberFactory.create_batch(3)
    mailing = new_mailing(release)
    FlakyLocmemBackend.budget = 1

    result = send_mailing_task.enqueue(mailing.pk)

    assert result.status == "FAILED"  # the worker saw the outage
    assert len(mailoutbox) == 1
    assert statuses(mailing) == {Delivery.Status.SENT: 1, Delivery.Status.QUEUED: 2}

    FlakyLocmemBackend.budget = None
    send_mailing_task.enqueue(mailing.pk)  # the retry
    send_mailing_task.enqueue(mailing.pk)  # and a spurious extra run

    assert recipients_of(mailoutbox) == Counter({s.email: 1 for s in subscribers})
    assert statuses(mailing) == {Delivery.Status.SENT: 3}
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


@override_settings(
    EMAIL_BACKEND="tests.mailing.backends.FlakyAnymailBackend", MAILING_MERGE_FIELD="[[%s]]"
)
def test_batch_mode_interrupted_then_resumed_sends_exactly_once(release, flaky):
    subscribers = SubscriberFactory.create_batch(3)
    mailing = new_mailing(release)
    FlakyAnymailBackend.budget = 1

    with pytest.raises(ConnectionError):
        sending.send_mailing(mailing.pk, batch_size=1)
    FlakyAnymailBackend.budget = None
    sending.send_mailing(mailing.pk, batch_size=1)

    assert recipients_of(mail.outbox) == Counter({s.email: 1 for s in subscribers})
    assert statuses(mailing) == {Delivery.Status.SENT: 3}


@override_settings(EMAIL_BACKEND="tests.mailing.backends.FlakyLocmemBackend")
def test_repeated_failures_end_as_failed(release, mailoutbox, flaky):
    SubscriberFactory()
    mailing = new_mailing(release)
    FlakyLocmemBackend.budget = 0

    for _ in range(sending.MAX_ATTEMPTS):
        with pytest.raises(ConnectionError):
            sending.send_mailing(mailing.pk)

    assert statuses(mailing) == {Delivery.Status.FAILED: 1}
    assert Mailing.objects.with_counts().get().count_failed == 1
    assert mailoutbox == []


def test_hard_crash_leaves_the_row_in_flight_unsent_at_most_once(release, mailoutbox):
    """A worker killed between the ESP call and the write-back: that row is never re-sent,
    the rows it had claimed but not tried are sent by the next run, the mailing is partial."""
    first, second, third = SubscriberFactory.create_batch(3)
    mailing = new_mailing(release)
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
    sending.queue_deliveries(mailing)
    claimed = sending.claim_batch(mailing, 2)  # claimed, the first one in flight, then killed
    sending._in_flight(claimed[:1])
    Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(
        claimed_at=timezone.now() - sending.LEASE - timedelta(seconds=1)
    )

    sending.send_mailing(mailing.pk)

    assert recipients_of(mailoutbox) == Counter({second.email: 1, third.email: 1})
    assert Delivery.objects.get(subscriber=first).status == Delivery.Status.UNCERTAIN
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PARTIAL
    assert Mailing.objects.with_counts().get().count_uncertain == 1


def test_a_release_is_never_sent_twice_to_the_same_person(release, mailoutbox):
    first = SubscriberFactory()
    send_mailing_task.enqueue(new_mailing(release).pk)
    second = SubscriberFactory()

    send_mailing_task.enqueue(new_mailing(release).pk)

    assert recipients_of(mailoutbox) == Counter({first.email: 1, second.email: 1})


def test_unsubscribed_before_their_turn_is_cancelled(release, mailoutbox):
    staying, leaving = SubscriberFactory.create_batch(2)
    mailing = new_mailing(release)
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
    sending.queue_deliveries(mailing)
    leaving.unsubscribe()

    sending.send_mailing(mailing.pk)

    assert recipients_of(mailoutbox) == Counter({staying.email: 1})
    assert Delivery.objects.get(subscriber=leaving).status == Delivery.Status.CANCELLED


def test_segment_by_topic(release, mailoutbox):
    local, national = Tag.objects.create(name="Local"), Tag.objects.create(name="National")
    wants_local = SubscriberFactory(email="local@media.example")
    wants_local.topics.add(local)
    SubscriberFactory(email="national@media.example").topics.add(national)
    SubscriberFactory(email="tout@media.example")
    mailing = new_mailing(release)
    mailing.topics.add(local)

    send_mailing_task.enqueue(mailing.pk)

    assert set(recipients_of(mailoutbox)) == {"local@media.example", "tout@media.example"}


def test_nothing_is_sent_before_the_release_is_live(press_index, mailoutbox):
    draft = make_release(press_index, publish=False, slug="sous-embargo")
    SubscriberFactory()
    mailing = new_mailing(draft)

    send_mailing_task.enqueue(mailing.pk)

    assert mailoutbox == []
    assert not mailing.deliveries.exists()


def test_embargo_mailing_goes_out_when_the_scheduled_release_is_published(
    press_index, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    embargo = timezone.now() + timedelta(hours=2)
    release = make_release(press_index, publish=False, slug="embargo", go_live_at=embargo)
    subscriber = SubscriberFactory()
    mailing = new_mailing(release, status=Mailing.Status.WAITING, send_at_embargo=True)

    with django_capture_on_commit_callbacks(execute=True):
        release.save_revision().publish()  # « Programmer la publication »: page_published too
    send_mailing_task.enqueue(mailing.pk)  # and even a stray run
    assert mailoutbox == []
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.WAITING

    after_embargo = embargo + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: after_embargo)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")  # the cron, once the embargo time has passed

    assert recipients_of(mailoutbox) == Counter({subscriber.email: 1})
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


def test_a_failed_delivery_can_be_retried_by_a_later_mailing(release, mailoutbox):
    subscriber = SubscriberFactory()
    first = new_mailing(release)
    Mailing.objects.filter(pk=first.pk).update(status=Mailing.Status.SENT)
    Delivery.objects.create(mailing=first, subscriber=subscriber, status=Delivery.Status.FAILED)

    send_mailing_task.enqueue(new_mailing(release).pk)

    assert recipients_of(mailoutbox) == Counter({subscriber.email: 1})


def count_queries(release, recipients, batch_size):
    SubscriberFactory.create_batch(recipients)
    mailing = new_mailing(release)
    with CaptureQueriesContext(connection) as queries:
        sending.send_mailing(mailing.pk, batch_size=batch_size)
    assert mailing.deliveries.filter(status=Delivery.Status.SENT).count() == recipients
    Subscriber.objects.all().delete()
    return len(queries)


def test_esp_batch_queries_grow_with_batches_not_recipients(release, settings):
    settings.EMAIL_BACKEND = ANYMAIL_TEST
    settings.MAILING_MERGE_FIELD = "{{ %s }}"

    count_queries(release, 1, batch_size=1)  # warms the caches (site root paths, settings)
    two_batches_of_3 = count_queries(release, 6, batch_size=3)
    two_batches_of_20 = count_queries(release, 40, batch_size=20)
    four_batches_of_20 = count_queries(release, 80, batch_size=20)

    assert two_batches_of_3 == two_batches_of_20
    assert four_batches_of_20 > two_batches_of_20


def test_one_message_per_recipient_writes_one_statement_per_message(release, settings):
    """Without ESP batch sending (SMTP): a constant number of queries per batch, plus one
    statement per message, the least that records each send as it happens (sending.py)."""
    settings.EMAIL_BACKEND = ANYMAIL_TEST
    settings.MAILING_MERGE_FIELD = ""

    count_queries(release, 1, batch_size=1)  # warms the caches (site root paths, settings)
    two_batches_of_3 = count_queries(release, 6, batch_size=3)
    two_batches_of_20 = count_queries(release, 40, batch_size=20)
    four_batches_of_20 = count_queries(release, 80, batch_size=20)
    six_batches_of_20 = count_queries(release, 120, batch_size=20)

    assert two_batches_of_20 - two_batches_of_3 == 40 - 6
    per_two_batches = four_batches_of_20 - two_batches_of_20 - (80 - 40)
    assert six_batches_of_20 - four_batches_of_20 - (120 - 80) == per_two_batches


@override_settings(EMAIL_BACKEND="tests.mailing.backends.StatusSnapshotBackend")
def test_one_message_per_recipient_records_each_send_before_the_next_leaves(release):
    from tests.mailing.backends import StatusSnapshotBackend

    SubscriberFactory.create_batch(3)
    mailing = new_mailing(release)
    StatusSnapshotBackend.snapshots = []

    sending.send_mailing(mailing.pk, batch_size=2)

    Status = Delivery.Status
    assert StatusSnapshotBackend.snapshots == [  # what the database said as each message left
        {Status.SENDING: 1, Status.QUEUED: 2},
        {Status.SENT: 1, Status.SENDING: 1, Status.QUEUED: 1},
        {Status.SENT: 2, Status.SENDING: 1},
    ]
    assert statuses(mailing) == {Status.SENT: 3}
    assert not mailing.deliveries.filter(sent_at=None).exists()
    assert not mailing.deliveries.exclude(claim=None).exists()
    assert set(mailing.deliveries.values_list("attempts", flat=True)) == {1}
