"""Sending a mailing exactly once per subscriber, resumable after a crash.

1. One `Delivery` row per (mailing, subscriber) is written in bulk before anything is sent. The
   database refuses a second row for the same (release, subscriber) across every mailing of the
   release (only a « renvoi corrigé » is exempt): re-queueing, a second mailing, two workers or
   two clicks are no-ops.
2. A worker *claims* a batch of `queued` rows (claim token and time, the lease). A claim whose
   lease has run out belongs to a dead worker: the next run takes those rows over.
3. Right before a row's email leaves, the row becomes `sending` (in flight); once it left, it is
   recorded `sent` with the ESP's message id (or `rejected`/`failed`). ESP batch mode does both
   once per batch. One message per recipient (SMTP) writes one statement per message, which
   records the outcome of the message just sent and marks the next one in flight: what was sent
   is always known, except the message(s) in flight when a worker dies.
4. When the send raises:
   - a *definite* refusal (nothing left: connection refused, the ESP answered an error) puts the
     row(s) back in the queue, `failed` after MAX_ATTEMPTS; the task retries later (backoff);
   - an *ambiguous* failure (a timeout or a lost connection after the request went out, a kill)
     makes the row(s) in flight `uncertain` (« à vérifier »): never sent again automatically;
   the rows of the batch not yet tried go back to the queue in both cases.
5. A mailing is `sent` once every delivery is final and none failed or is uncertain, `partial`
   otherwise (the admin shows the counts).

Queries: a constant number per batch in ESP batch mode; one message per recipient adds one
statement per message, and no fewer can do. A worker may be killed between any two messages: for
nobody to be mailed twice, a message's row must be marked in flight before it leaves; for the
rest to be sent by the next run, the rows after it must still be queued. So the database has to
change between two messages of a batch, whatever is batched; marking several rows in flight at
once would leave the unsent ones « à vérifier » after a kill, never sent automatically.
"""

import smtplib
import socket
import uuid
from datetime import timedelta

from anymail.exceptions import (
    AnymailError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
    AnymailSerializationError,
    AnymailUnsupportedFeature,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import BadHeaderError, get_connection
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from press.mailing import briefings
from press.mailing.digest import DigestEmail
from press.mailing.message import ReleaseEmail
from press.mailing.models import Delivery, Mailing, Subscriber

BATCH_SIZE = 500
MAX_ATTEMPTS = 3
LEASE = timedelta(minutes=15)
ACCEPTED = {"sent", "queued", "scheduled", "unknown"}
Status = Delivery.Status
NOT_SENT = Delivery.NOT_SENT
# Raised before anything left, or the server's own refusal: safe to try again.
DEFINITE_ERRORS = (
    ConnectionRefusedError,
    socket.gaierror,
    BadHeaderError,
    ImproperlyConfigured,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    AnymailRecipientsRefused,
    AnymailInvalidAddress,
    AnymailUnsupportedFeature,
    AnymailSerializationError,
)
CONNECTION_NOT_MADE = ("NewConnectionError", "ConnectTimeoutError", "NameResolutionError")


def is_definite(error):
    """True when the email certainly did not leave: sending it again cannot duplicate it."""
    if isinstance(error, DEFINITE_ERRORS):
        return True
    if isinstance(error, AnymailError) and error.status_code is not None:
        return error.status_code >= 400  # the ESP answered: it refused the request
    cause = error
    while cause is not None:  # requests wraps urllib3, which wraps the socket error
        if isinstance(cause, ConnectionRefusedError) or any(
            name in repr(cause) for name in CONNECTION_NOT_MADE
        ):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def segment(subscribers, topic_ids):
    """Subscribers without topics want everything; the others, their topics only."""
    if not topic_ids:
        return subscribers
    with_topic = subscribers.filter(topics__in=topic_ids)
    return (subscribers.filter(topics__isnull=True) | with_topic).distinct()


def already_received(release_id):
    """Deliveries of the release that count: the person has it, or may have it."""
    # (Erased subscribers leave NULLs, which would make NOT IN match nothing.)
    return Delivery.objects.filter(
        release_id=release_id, correction=False, subscriber__isnull=False
    ).exclude(status__in=NOT_SENT)


def recipients(release_id, topic_ids):
    """Confirmed subscribers of the segment who never got this release."""
    subscribers = segment(Subscriber.objects.filter(status=Subscriber.Status.ACTIVE), topic_ids)
    return subscribers.exclude(pk__in=already_received(release_id).values("subscriber_id"))


def correction_recipients(release_id):
    """A corrected release goes to the confirmed subscribers who received the release."""
    return Subscriber.objects.filter(
        status=Subscriber.Status.ACTIVE,
        pk__in=already_received(release_id).values("subscriber_id"),
    )


def _subscribers_of(mailing):
    Kind = Mailing.Kind
    if mailing.kind == Kind.CORRECTION:
        return correction_recipients(mailing.release_id)
    active = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
    if mailing.kind == Kind.DIGEST:
        return active.filter(frequency=Subscriber.Frequency.WEEKLY)
    topic_ids = list(mailing.topics.values_list("pk", flat=True))
    subscribers = recipients(mailing.release_id, topic_ids)
    if mailing.kind == Kind.ALERT:  # the weekly ones get it in their digest
        subscribers = subscribers.filter(frequency=Subscriber.Frequency.IMMEDIATE)
    return subscribers


def queue_deliveries(mailing, batch_size=BATCH_SIZE):
    if mailing.kind == Mailing.Kind.BRIEFING:
        return briefings.queue_deliveries(mailing, batch_size)
    correction = mailing.kind == Mailing.Kind.CORRECTION
    Delivery.objects.bulk_create(
        (
            Delivery(
                mailing=mailing,
                release_id=mailing.release_id,
                correction=correction,
                subscriber_id=pk,
            )
            for pk in _subscribers_of(mailing).values_list("pk", flat=True).iterator()
        ),
        batch_size=batch_size,
        ignore_conflicts=True,  # the constraints decide: never a second delivery of a release
    )


def _expired(lease):
    return Q(claimed_at__lt=timezone.now() - lease)


def mark_uncertain(mailing, lease=LEASE):
    """Rows a dead worker left in flight may have been sent: « à vérifier », never resent."""
    return Delivery.objects.filter(
        Q(mailing=mailing, status=Status.SENDING) & _expired(lease)
    ).update(status=Status.UNCERTAIN, error="interrompu pendant l'envoi")


def claim_batch(mailing, size, lease=LEASE):
    """Up to `size` queued rows, free or abandoned by a dead worker, for this worker only."""
    claimable = Q(mailing=mailing, status=Status.QUEUED) & (Q(claim__isnull=True) | _expired(lease))
    with transaction.atomic():
        queued = Delivery.objects.filter(claimable).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        ids = list(queued.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        claim = uuid.uuid4()
        Delivery.objects.filter(claimable, pk__in=ids).update(
            claim=claim, claimed_at=timezone.now()
        )
    return list(
        Delivery.objects.filter(claim=claim, status=Status.QUEUED)
        .select_related("subscriber", "briefing_recipient__subscriber")
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


def _in_flight(deliveries):
    """Marks the rows as leaving now; returns those still ours (a late worker lost the rest)."""
    ids = [delivery.pk for delivery in deliveries]
    claim = deliveries[0].claim
    marked = Delivery.objects.filter(pk__in=ids, claim=claim, status=Status.QUEUED).update(
        status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if marked == len(ids):
        return deliveries
    mine = set(
        Delivery.objects.filter(pk__in=ids, claim=claim, status=Status.SENDING).values_list(
            "pk", flat=True
        )
    )
    return [delivery for delivery in deliveries if delivery.pk in mine]


def _record(deliveries, message):
    """The outcome of an ESP batch: a few statements whatever its size."""
    now = timezone.now()
    # Also from `uncertain`: a slow worker whose lease ran out still knows best.
    sent_rows = Delivery.objects.filter(status__in=[Status.SENDING, Status.UNCERTAIN])
    outcomes = {}
    for delivery in deliveries:
        esp_status, delivery.message_id = _recipient_status(message, delivery.recipient_email)
        outcomes.setdefault(_outcome(esp_status), []).append(delivery)
    with transaction.atomic():
        with_message_id = [delivery for delivery in deliveries if delivery.message_id]
        if with_message_id:
            Delivery.objects.bulk_update(with_message_id, ["message_id"])
        for status, rows in outcomes.items():
            sent_at = {"sent_at": now} if status == Status.SENT else {}
            sent_rows.filter(pk__in=[delivery.pk for delivery in rows]).update(
                status=status, claim=None, error="", **sent_at
            )


def _failed(deliveries, error):
    """The send raised while these rows were in flight."""
    ids = [delivery.pk for delivery in deliveries]
    reason = f"{type(error).__name__}: {error}"[:255]
    in_flight = Delivery.objects.filter(pk__in=ids, status=Status.SENDING)
    if isinstance(error, Exception) and is_definite(error):
        in_flight.filter(attempts__gte=MAX_ATTEMPTS).update(
            status=Status.FAILED, claim=None, error=reason
        )
        in_flight.update(status=Status.QUEUED, claim=None, error=reason)
    else:
        in_flight.update(status=Status.UNCERTAIN, error=reason)


def _release(batch):
    """Rows claimed but not tried: back to the queue, for this run or the next."""
    ids = [delivery.pk for delivery in batch]
    Delivery.objects.filter(pk__in=ids, claim=batch[0].claim, status=Status.QUEUED).update(
        claim=None
    )


def is_still_wanted(delivery):
    if delivery.briefing_recipient_id:
        return briefings.is_still_wanted(delivery)
    return delivery.subscriber is not None and delivery.subscriber.is_active


def send_batch(email, batch, backend, merge_field):
    still_subscribed = [d for d in batch if is_still_wanted(d)]
    gone = {d.pk for d in batch} - {d.pk for d in still_subscribed}
    if gone:
        Delivery.objects.filter(pk__in=gone).update(
            status=Status.CANCELLED, claim=None, error=Delivery.GONE
        )
    if not still_subscribed:
        return
    email.prepare(still_subscribed)
    if merge_field:
        _send_together(email, still_subscribed, backend, merge_field)
    else:
        _send_one_by_one(email, still_subscribed, backend)


def _send_together(email, deliveries, backend, merge_field):
    deliveries = _in_flight(deliveries)
    if not deliveries:
        return
    message = email.batch_message(deliveries, merge_field)
    try:
        backend.send_messages([message])
    except BaseException as error:  # SystemExit of a second SIGTERM included
        _failed(deliveries, error)
        raise
    _record(deliveries, message)


def _send_one_by_one(email, deliveries, backend):
    """One message per recipient, one statement per message (see the module's docstring)."""
    sent = None  # the last message that left, its outcome not written yet
    nothing_to_send = []
    try:
        for delivery in deliveries:
            message = email.message_for(delivery)
            if message is None:  # a digest with nothing left for this person
                nothing_to_send.append(delivery.pk)
                continue
            ours = _mark_in_flight(delivery, sent)
            sent = None
            if not ours:
                continue  # a worker that took over after our lease ran out
            try:
                backend.send_messages([message])
            except BaseException as error:  # SystemExit of a second SIGTERM included
                _failed([delivery], error)
                raise
            sent = (delivery, _sent_columns(delivery, message))
    finally:
        if sent:
            _sent_rows(sent[0]).update(**sent[1])
        Delivery.objects.filter(pk__in=nothing_to_send, status=Status.QUEUED).update(
            status=Status.CANCELLED, claim=None, error=Delivery.NOTHING_NEW
        )


def _sent_rows(delivery):
    # Also from `uncertain`: a slow worker whose lease ran out still knows best.
    return Delivery.objects.filter(pk=delivery.pk, status__in=[Status.SENDING, Status.UNCERTAIN])


def _sent_columns(delivery, message):
    """The row of a message that left, as the backend answered."""
    esp_status, message_id = _recipient_status(message, delivery.recipient_email)
    status = _outcome(esp_status)
    return {
        "status": Value(status),
        "message_id": Value(message_id),
        "sent_at": Value(timezone.now()) if status == Status.SENT else F("sent_at"),
        "claim": Value(None),
        "error": Value(""),
        "attempts": F("attempts"),
        "claimed_at": F("claimed_at"),
    }


def _in_flight_columns():
    return {
        "status": Value(Status.SENDING),
        "message_id": F("message_id"),
        "sent_at": F("sent_at"),
        "claim": F("claim"),
        "error": F("error"),
        "attempts": F("attempts") + 1,
        "claimed_at": Value(timezone.now()),
    }


def _mark_in_flight(delivery, sent=None):
    """Marks `delivery` as leaving now and, in the same UPDATE, writes the outcome of the message
    sent just before (`sent`: its delivery and columns). False when `delivery` is no longer ours."""
    if sent is None:
        return bool(_in_flight([delivery]))
    previous, sent_columns = sent
    claimed = Q(pk=delivery.pk, claim=delivery.claim, status=Status.QUEUED)
    rows = _sent_rows(previous) | Delivery.objects.filter(claimed)
    updated = rows.update(
        **{
            name: Case(
                When(pk=delivery.pk, then=value),
                default=sent_columns[name],
                output_field=Delivery._meta.get_field(name),
            )
            for name, value in _in_flight_columns().items()
        }
    )
    if updated == 2:
        return True
    return Delivery.objects.filter(
        pk=delivery.pk, claim=delivery.claim, status=Status.SENDING
    ).exists()


def merge_field_syntax(backend):
    """ESP batch sending needs an anymail backend and the ESP's merge field syntax."""
    syntax = getattr(settings, "MAILING_MERGE_FIELD", "")
    return syntax if syntax and hasattr(backend, "esp_name") else ""


def finish(mailing):
    """`sent` when every delivery reached its final state well, `partial` when some did not."""
    deliveries = Delivery.objects.filter(mailing=mailing)
    if deliveries.filter(status__in=[Status.QUEUED, Status.SENDING]).exists():
        return Mailing.Status.SENDING
    problems = deliveries.filter(status__in=[Status.FAILED, Status.REJECTED, Status.UNCERTAIN])
    status = Mailing.Status.PARTIAL if problems.exists() else Mailing.Status.SENT
    Mailing.objects.filter(pk=mailing.pk).update(status=status, finished_at=timezone.now())
    return status


def _email(mailing):
    """The email of the mailing; None while its release is not public."""
    if mailing.kind == Mailing.Kind.DIGEST:
        return DigestEmail(mailing)
    if mailing.kind == Mailing.Kind.BRIEFING:
        return briefings.BriefingEmail.for_mailing(mailing)
    release = mailing.release
    if release is None or not release.live or release.get_view_restrictions().exists():
        return None
    return ReleaseEmail(mailing, release)


def send_mailing(mailing_id, batch_size=BATCH_SIZE, should_stop=None):
    """Send (or resume) a mailing. Does nothing while its release is not live.

    `should_stop()` is asked between batches (a graceful shutdown): the rows not claimed yet stay
    queued for the next run.
    """
    mailing = Mailing.objects.select_related("release").get(pk=mailing_id)
    if mailing.status not in (Mailing.Status.QUEUED, Mailing.Status.SENDING):
        return mailing.status  # the embargo: `publishing.py` queues it when the release goes live
    email = _email(mailing)
    if email is None:
        if is_lifted_briefing(mailing):
            return close_lifted_briefing(mailing, batch_size)
        return mailing.status  # never before the release is public

    with transaction.atomic():
        # The recipients are fixed once, when the mailing starts; a resumed run reuses them.
        if Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.QUEUED).update(
            status=Mailing.Status.SENDING, started_at=timezone.now()
        ):
            queue_deliveries(mailing, batch_size)
    mark_uncertain(mailing)
    backend = get_connection()
    merge_field = merge_field_syntax(backend) if isinstance(email, ReleaseEmail) else ""
    backend.open()
    try:
        while batch := claim_batch(mailing, batch_size):
            try:
                send_batch(email, batch, backend, merge_field)
            finally:
                _release(batch)  # what an exception left untried
            if should_stop and should_stop():
                break
    except BaseException:
        finish(mailing)  # e.g. the last rows failed for good: the mailing is partial
        raise
    finally:
        backend.close()
    return finish(mailing)


def is_lifted_briefing(mailing):
    release = mailing.release
    return mailing.kind == Mailing.Kind.BRIEFING and release is not None and release.live


def close_lifted_briefing(mailing, batch_size=BATCH_SIZE):
    """The embargo lifted before these links were emailed: they are no longer sent (each link
    now leads to the public page), their deliveries are « annulé » with the reason, and the
    mailing ends like any other."""
    with transaction.atomic():
        if Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.QUEUED).update(
            status=Mailing.Status.SENDING, started_at=timezone.now()
        ):
            queue_deliveries(mailing, batch_size)  # each link shows why it was not emailed
        Delivery.objects.filter(mailing=mailing, status=Status.QUEUED).update(
            status=Status.CANCELLED, claim=None, error=Delivery.EMBARGO_LIFTED
        )
    mark_uncertain(mailing)  # what a dead worker left in flight
    return finish(mailing)


def resume(mailing):
    """« Reprendre »: the deliveries that failed for good are tried again (unless the person got
    the release from another mailing since); « à vérifier » ones are left to staff."""
    elsewhere = already_received(mailing.release_id).exclude(mailing=mailing)
    with transaction.atomic():
        Delivery.objects.filter(
            mailing=mailing, status__in=[Status.FAILED, Status.REJECTED]
        ).exclude(subscriber_id__in=elsewhere.values("subscriber_id")).update(
            status=Status.QUEUED, attempts=0, claim=None
        )
        Mailing.objects.filter(pk=mailing.pk).update(
            status=Mailing.Status.SENDING, finished_at=None
        )
