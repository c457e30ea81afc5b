"""A journalist receives a release at most once, whatever the clicks, tabs and workers."""

from collections import Counter

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from press.mailing import sending
from press.mailing.models import Delivery, Mailing
from press.models import PressReleasePage
from tests.factories.mailing import SubscriberFactory

from .concurrency import at_once, postgres_only


def send_url(release):
    return f"/admin/liste-presse/communique/{release.pk}/envoyer/"


def recipients_of(outbox):
    return Counter(address for message in outbox for address in message.to)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("com", "com@example.org", "pw")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("sent_in_between", [False, True])
def test_a_double_click_starts_one_mailing(
    staff, release, mailoutbox, django_capture_on_commit_callbacks, sent_in_between
):
    subscribers = SubscriberFactory.create_batch(3)
    client = logged_in(staff)

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=sent_in_between):
            response = client.post(send_url(release), {"confirm": "1"})
        assert response.status_code == 302
    if not sent_in_between:
        sending.send_mailing(Mailing.objects.get().pk)

    assert Mailing.objects.count() == 1
    assert recipients_of(mailoutbox) == Counter({s.email: 1 for s in subscribers})


@pytest.mark.django_db
def test_the_database_refuses_a_second_open_mailing_of_a_release(release):
    Mailing.objects.create(release=release, subject="x", status=Mailing.Status.WAITING)

    with pytest.raises(IntegrityError), transaction.atomic():
        Mailing.objects.create(release=release, subject="x", status=Mailing.Status.QUEUED)
    # A correction is another kind of mailing; a finished mailing no longer blocks.
    Mailing.objects.create(release=release, kind=Mailing.Kind.CORRECTION, subject="x")
    Mailing.objects.create(release=release, subject="x", status=Mailing.Status.SENT)


@pytest.mark.django_db
def test_the_database_refuses_a_second_delivery_of_a_release_to_a_person(release):
    subscriber = SubscriberFactory()
    first, second, correction = (
        Mailing.objects.create(release=release, subject="x", status=Mailing.Status.SENT),
        Mailing.objects.create(release=release, subject="x", status=Mailing.Status.SENT),
        Mailing.objects.create(release=release, kind=Mailing.Kind.CORRECTION, subject="x"),
    )
    Delivery.objects.create(mailing=first, release=release, subscriber=subscriber)

    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(mailing=second, release=release, subscriber=subscriber)
    Delivery.objects.create(
        mailing=correction, release=release, correction=True, subscriber=subscriber
    )


def republish(release, kind="", note=""):
    """A new version online, with its change note (press/changes.py)."""
    draft = PressReleasePage.objects.get(pk=release.pk).get_latest_revision_as_object()
    draft.change_kind, draft.change_note = kind, note
    draft.save_revision().publish()
    return PressReleasePage.objects.get(pk=release.pk)


CORRECTION = "Le budget était de 50 000 €, et non 500 000 €."


@pytest.mark.django_db
def test_a_corrected_version_goes_once_to_those_who_received_the_release(
    staff, release, mailoutbox, django_capture_on_commit_callbacks
):
    received = SubscriberFactory.create_batch(2)
    client = logged_in(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url(release), {"confirm": "1"})
    newcomer = SubscriberFactory()
    release = republish(release, "correction", CORRECTION)

    form = client.get(send_url(release)).content.decode()
    assert "Renvoyer une version corrigée" in form
    assert "50 000 €, et non 500 000 €" in form
    confirm = client.post(send_url(release), {"correction": "on"})
    assert "2 destinataires" in confirm.content.decode()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(send_url(release), {"correction": "on", "confirm": "1"})

    corrections = [m for m in mailoutbox if m.subject.startswith("Version corrigée\u00a0: ")]
    assert recipients_of(corrections) == Counter({s.email: 1 for s in received})
    assert newcomer.email not in recipients_of(mailoutbox)
    mailing = Mailing.objects.get(kind=Mailing.Kind.CORRECTION)
    assert mailing.revision_id == release.live_revision_id
    for email in corrections:  # the note says what changed
        assert f"Correction\u00a0: {CORRECTION}" in email.body
        assert f"Correction\u00a0: {CORRECTION}" in email.alternatives[0][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {},  # republished without a note
        {"kind": "mise-a-jour", "note": "Ajout de la liste des communes."},
        "an earlier correction",  # the version online is a later one, without a note
    ],
)
def test_no_corrected_version_without_a_correction_note_online(
    staff, release, mailoutbox, django_capture_on_commit_callbacks, change
):
    SubscriberFactory.create_batch(2)
    client = logged_in(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url(release), {"confirm": "1"})
    if change == "an earlier correction":
        release = republish(republish(release, "correction", CORRECTION))
    else:
        release = republish(release, **change)
    sent = len(mailoutbox)

    assert "Renvoyer une version corrigée" not in client.get(send_url(release)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(release), {"correction": "on", "confirm": "1"})

    assert response.status_code == 302
    assert response["Location"] == send_url(release)
    assert (
        "porte une note «\u00a0Correction\u00a0»" in client.get(send_url(release)).content.decode()
    )
    assert not Mailing.objects.filter(kind=Mailing.Kind.CORRECTION).exists()
    assert Mailing.objects.count() == 1
    assert len(mailoutbox) == sent


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_confirmation_posts_at_once_mail_each_journalist_once(
    transactional_db, staff, release, mailoutbox
):
    subscribers = SubscriberFactory.create_batch(20)
    clients = [logged_in(staff), logged_in(staff)]

    responses = at_once(
        *(
            lambda client=client: client.post(send_url(release), {"confirm": "1"})
            for client in clients
        )
    )

    assert [response.status_code for response in responses] == [302, 302]
    assert Mailing.objects.count() == 1
    assert recipients_of(mailoutbox) == Counter({s.email: 1 for s in subscribers})


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_mailings_of_a_release_queued_at_once_share_the_recipients(transactional_db, release):
    """Two mailings of a release queueing at the same instant (a manual send and the alert):
    the database gives each person to one of them only."""
    subscribers = SubscriberFactory.create_batch(300)
    mailings = [
        Mailing.objects.create(release=release, subject="x", status=status)
        for status in (Mailing.Status.SENDING, Mailing.Status.SENT)
    ]

    at_once(*(lambda m=mailing: sending.queue_deliveries(m, batch_size=20) for mailing in mailings))

    per_person = Counter(Delivery.objects.values_list("subscriber_id", flat=True))
    assert per_person == Counter({s.pk: 1 for s in subscribers})
