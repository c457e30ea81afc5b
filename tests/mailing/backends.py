"""Email backends that fail on purpose, to interrupt a mailing in the middle."""

import os
import time
from collections import Counter
from pathlib import Path

from anymail.backends.test import EmailBackend as AnymailTestBackend
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class Outage(ConnectionRefusedError):
    """Refused before anything left: a definite failure, safe to retry."""


class FlakyLocmemBackend(LocmemBackend):
    """Sends `budget` messages (class attribute, shared by all connections), then fails."""

    budget = None

    def send_messages(self, messages):
        if FlakyLocmemBackend.budget is not None:
            if FlakyLocmemBackend.budget <= 0:
                raise Outage("SMTP server went away")
            FlakyLocmemBackend.budget -= len(messages)
        return super().send_messages(messages)


class FlakyAnymailBackend(AnymailTestBackend):
    budget = None

    def send_messages(self, email_messages):
        if FlakyAnymailBackend.budget is not None:
            if FlakyAnymailBackend.budget <= 0:
                raise Outage("ESP API unreachable")
            FlakyAnymailBackend.budget -= len(email_messages)
        return super().send_messages(email_messages)


class TimeoutAfterAcceptanceBackend(AnymailTestBackend):
    """The ESP takes the messages, then the reply is lost: the worse case of an ambiguity."""

    def send_messages(self, email_messages):
        super().send_messages(email_messages)
        raise TimeoutError("The read operation timed out")


class FileOutboxBackend(BaseEmailBackend):
    """For worker subprocesses: appends each recipient to the file $MAILING_TEST_OUTBOX. After
    $MAILING_TEST_PAUSE_AFTER messages in the file, waits until the file <outbox>.go exists
    (the test kills or stops the worker meanwhile)."""

    def send_messages(self, email_messages):
        outbox = Path(os.environ["MAILING_TEST_OUTBOX"])
        pause_after = int(os.environ.get("MAILING_TEST_PAUSE_AFTER", "0"))
        for message in email_messages:
            with outbox.open("a") as file:
                file.write(" ".join(message.to) + "\n")
            if len(outbox.read_text().splitlines()) == pause_after:
                go = outbox.with_suffix(".go")
                while not go.exists():
                    time.sleep(0.01)
        return len(email_messages)


class StatusSnapshotBackend(LocmemBackend):
    """Notes the deliveries' statuses in the database as each message leaves."""

    snapshots = []

    def send_messages(self, messages):
        from press.mailing.models import Delivery

        statuses = Delivery.objects.values_list("status", flat=True)
        StatusSnapshotBackend.snapshots.append(dict(Counter(statuses)))
        return super().send_messages(messages)


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP indisponible")


class SecondSigtermBackend(LocmemBackend):
    """Sends one message; db_worker's second SIGTERM then raises SystemExit during the next."""

    sent = 0

    def send_messages(self, messages):
        if SecondSigtermBackend.sent >= 1:
            raise SystemExit(1)
        SecondSigtermBackend.sent += len(messages)
        return super().send_messages(messages)
