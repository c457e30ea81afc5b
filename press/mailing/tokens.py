"""Signed links: the opt-in confirmation (expiring), the unsubscribe and preferences links
(permanent)."""

from datetime import timedelta

from django.core import signing

from press.mailing.models import Subscriber

CONFIRM_MAX_AGE = timedelta(days=7)
_confirm_signer = signing.TimestampSigner(salt="press.mailing.confirm")
_unsubscribe_signer = signing.Signer(salt="press.mailing.unsubscribe")
_preferences_signer = signing.Signer(salt="press.mailing.preferences")


class InvalidToken(Exception):
    """The link was forged, altered or points to a subscriber who no longer exists."""


class ExpiredToken(InvalidToken):
    """The link is genuine but older than CONFIRM_MAX_AGE."""


def _payload(subscriber):
    return {"id": subscriber.pk, "email": subscriber.email}


def _subscriber(payload):
    try:
        return Subscriber.objects.get(pk=int(payload["id"]), email=str(payload["email"]))
    except (KeyError, TypeError, ValueError, Subscriber.DoesNotExist) as error:
        raise InvalidToken from error


def make_confirm_token(subscriber):
    return _confirm_signer.sign_object(_payload(subscriber))


def read_confirm_token(token):
    try:
        payload = _confirm_signer.unsign_object(token, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise InvalidToken from error
    return _subscriber(payload)


def make_unsubscribe_token(subscriber):
    return _unsubscribe_signer.sign_object(_payload(subscriber))


def read_unsubscribe_token(token):
    """The subscriber, or None when the address was erased since (nothing left to do)."""
    try:
        payload = _unsubscribe_signer.unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise InvalidToken from error
    try:
        return _subscriber(payload)
    except InvalidToken:
        return None


def make_preferences_token(subscriber):
    return _preferences_signer.sign_object(_payload(subscriber))


def read_preferences_token(token):
    """The subscriber of a « Gérer mes préférences » link (permanent, like the unsubscribe)."""
    try:
        payload = _preferences_signer.unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise InvalidToken from error
    return _subscriber(payload)
