"""Email backends that fail on purpose, to interrupt a mailing in the middle."""

from anymail.backends.test import EmailBackend as AnymailTestBackend
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
