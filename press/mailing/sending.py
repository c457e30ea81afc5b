"""Sending a mailing exactly once per subscriber, resumable after a crash.

1. One `Delivery` row per (mailing, subscriber) is written in bulk before anything is sent; the
   database's unique constraint makes re-queueing (a retry, a second run) a no-op.
2. Each batch is *claimed* in a transaction: its rows move from `queued` to `sending` with a
   claim token. Only `queued` rows can be claimed, so a row is never handed out twice, and a
   row already `sent` is never sent again.
3. The batch is sent; the outcome is written back with a few statements per batch: `sent` with
   the ESP message id, or `rejected`/`failed`.
4. When the send raises (the ESP answered an error, the network is down), the rows of the batch
   that were not sent go back to `queued` and the error propagates: the task fails and can be
   run again, which resumes with those rows. After MAX_ATTEMPTS they are `failed`.

The row(s) in flight at a hard crash (process killed between the ESP call and step 3) are the only
uncertainty: they stay `sending`. We chose **at most once** for them: a later run marks rows
claimed more than LEASE ago as `interrupted` (shown in the admin, to check) instead of sending them
again — a journalist must never get a release twice. The window is the batch in flight (at most
BATCH_SIZE rows). An exception, unlike a kill, is handled exactly: in per-recipient mode the
messages sent before it are recorded as sent, the others re-queued.

Queries grow with the number of batches, not of recipients.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from press.mailing.message import ReleaseEmail
from press.mailing.models import Delivery, Mailing, Subscriber

BATCH_SIZE = 500
MAX_ATTEMPTS = 3
LEASE = timedelta(minutes=15)
ACCEPTED = {"sent", "queued", "scheduled", "unknown"}
Status = Delivery.Status
# Deliveries that certainly did not reach the person: a later mailing of the release may retry.
NOT_SENT = [Status.CANCELLED, Status.FAILED, Status.REJECTED]


def segment(subscribers, topic_ids):
    """Subscribers without topics want everything; the others, their topics only."""
    if not topic_ids:
        return subscribers
    with_topic = subscribers.filter(topics__in=topic_ids)
    return (subscribers.filter(topics__isnull=True) | with_topic).distinct()


def recipients(release_id, topic_ids, mailing=None):
    """Confirmed subscribers of the segment who never got this release."""
    subscribers = segment(Subscriber.objects.filter(status=Subscriber.Status.ACTIVE), topic_ids)
    # (Erased subscribers leave NULLs, which would make NOT IN match nothing.)
    already = Delivery.objects.filter(
        mailing__release_id=release_id, subscriber__isnull=False
    ).exclude(status__in=NOT_SENT)
    if mailing is not None:
        already = already.exclude(mailing=mailing)
    return subscribers.exclude(pk__in=already.values("subscriber_id"))


def queue_deliveries(mailing, batch_size=BATCH_SIZE):
    topic_ids = list(mailing.topics.values_list("pk", flat=True))
    subscriber_ids = recipients(mailing.release_id, topic_ids, mailing).values_list("pk", flat=True)
    Delivery.objects.bulk_create(
        (Delivery(mailing=mailing, subscriber_id=pk) for pk in subscriber_ids.iterator()),
        batch_size=batch_size,
        ignore_conflicts=True,
    )


def mark_interrupted(mailing, lease=LEASE):
    """At most once: rows a dead worker left in `sending` are not sent again."""
    return Delivery.objects.filter(
        mailing=mailing, status=Status.SENDING, claimed_at__lt=timezone.now() - lease
    ).update(status=Status.INTERRUPTED, claim=None)


def claim_batch(mailing, size):
    with transaction.atomic():
        queued = Delivery.objects.filter(mailing=mailing, status=Status.QUEUED).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        ids = list(queued.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        claim = uuid.uuid4()
        Delivery.objects.filter(pk__in=ids, status=Status.QUEUED).update(
            status=Status.SENDING,
            claim=claim,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.filter(claim=claim, status=Status.SENDING)
        .select_related("subscriber")
        .order_by("pk")
    )


def _recipient_status(message, email):
    status = getattr(message, "anymail_status", None)
    if status is None or email not in status.recipients:
        return "sent", ""  # a plain Django backend: accepted, no id
    recipient = status.recipients[email]
    message_id = "" if recipient.message_id is None else str(recipient.message_id)
    return recipient.status or "unknown", message_id


def _outcome(esp_status):
    if esp_status in ACCEPTED:
        return Status.SENT
    return Status.REJECTED if esp_status in {"rejected", "invalid"} else Status.FAILED


def _record(deliveries, messages_by_delivery):
    """Write the outcome of the sent rows: a few statements per batch, whatever its size."""
    by_outcome = {}
    with_message_id = []
    for delivery in deliveries:
        message = messages_by_delivery[delivery.pk]
        esp_status, delivery.message_id = _recipient_status(message, delivery.subscriber.email)
        by_outcome.setdefault(_outcome(esp_status), []).append(delivery.pk)
        if delivery.message_id:
            with_message_id.append(delivery)
    now = timezone.now()
    with transaction.atomic():
        if with_message_id:
            Delivery.objects.bulk_update(with_message_id, ["message_id"])
        for status, ids in by_outcome.items():
            sent_at = {"sent_at": now} if status == Status.SENT else {}
            Delivery.objects.filter(pk__in=ids).update(status=status, claim=None, **sent_at)


def _release_unsent(deliveries):
    """The send failed before these rows went out: back to the queue (or failed for good)."""
    ids = [delivery.pk for delivery in deliveries]
    Delivery.objects.filter(pk__in=ids, attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, claim=None
    )
    Delivery.objects.filter(pk__in=ids, status=Status.SENDING).update(
        status=Status.QUEUED, claim=None
    )


def send_batch(email, batch, backend, merge_field):
    still_subscribed = [d for d in batch if d.subscriber and d.subscriber.is_active]
    gone = {d.pk for d in batch} - {d.pk for d in still_subscribed}
    if gone:
        Delivery.objects.filter(pk__in=gone).update(status=Status.CANCELLED, claim=None)
    if not still_subscribed:
        return
    if merge_field:
        message = email.batch_message(still_subscribed, merge_field)
        try:
            backend.send_messages([message])
        except Exception:
            _release_unsent(still_subscribed)
            raise
        _record(still_subscribed, dict.fromkeys((d.pk for d in still_subscribed), message))
        return
    sent = {}
    try:
        for delivery in still_subscribed:
            message = email.message_for(delivery)
            backend.send_messages([message])
            sent[delivery.pk] = message
    finally:
        done = [d for d in still_subscribed if d.pk in sent]
        if done:
            _record(done, sent)
        if len(done) < len(still_subscribed):
            _release_unsent([d for d in still_subscribed if d.pk not in sent])


def merge_field_syntax(backend):
    """ESP batch sending needs an anymail backend and the ESP's merge field syntax."""
    syntax = getattr(settings, "MAILING_MERGE_FIELD", "")
    return syntax if syntax and hasattr(backend, "esp_name") else ""


def send_mailing(mailing_id, batch_size=BATCH_SIZE):
    """Send (or resume) a mailing. Does nothing while its release is not live."""
    mailing = Mailing.objects.select_related("release").get(pk=mailing_id)
    release = mailing.release
    if mailing.status in (Mailing.Status.WAITING, Mailing.Status.SENT):
        return mailing.status  # the embargo: `publishing.py` queues it when the release goes live
    if release is None or not release.live or release.get_view_restrictions().exists():
        return mailing.status  # never before the release is public

    with transaction.atomic():
        # The recipients are fixed once, when the mailing starts; a resumed run reuses them.
        if Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.QUEUED).update(
            status=Mailing.Status.SENDING, started_at=timezone.now()
        ):
            queue_deliveries(mailing, batch_size)
    mark_interrupted(mailing)
    email = ReleaseEmail(mailing, release)
    backend = get_connection()
    merge_field = merge_field_syntax(backend)
    backend.open()
    try:
        while batch := claim_batch(mailing, batch_size):
            send_batch(email, batch, backend, merge_field)
    finally:
        backend.close()

    if not Delivery.objects.filter(
        mailing=mailing, status__in=[Status.QUEUED, Status.SENDING]
    ).exists():
        Mailing.objects.filter(pk=mailing.pk).update(
            status=Mailing.Status.SENT, finished_at=timezone.now()
        )
        return Mailing.Status.SENT
    return Mailing.Status.SENDING
