"""Honest outcomes when things break: timeouts, outages, killed and stopped workers."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from press.mailing import sending
from press.mailing.models import Delivery, Mailing
from press.mailing.tasks import send_mailing_task
from tests.factories.mailing import SubscriberFactory
from tests.mailing.backends import FlakyLocmemBackend

from .concurrency import at_once, postgres_only

TIMEOUT_BACKEND = "tests.mailing.backends.TimeoutAfterAcceptanceBackend"
FILE_BACKEND = "tests.mailing.backends.FileOutboxBackend"


def new_mailing(release):
    return Mailing.objects.create(release=release, subject=release.title)


def recipients_of(outbox):
    return Counter(address for message in outbox for address in message.to)


def statuses(mailing):
    return Counter(mailing.deliveries.values_list("status", flat=True))


def lease_runs_out(mailing):
    """Time passes beyond the lease (what the next cron run after a crash sees)."""
    mailing.deliveries.exclude(claimed_at=None).update(
        claimed_at=timezone.now() - sending.LEASE - timedelta(seconds=1)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("merge_field", ["", "[[%s]]"])
def test_a_timeout_after_the_esp_accepted_is_never_resent(release, merge_field):
    subscribers = SubscriberFactory.create_batch(3)
    mailing = new_mailing(release)

    with (
        override_settings(EMAIL_BACKEND=TIMEOUT_BACKEND, MAILING_MERGE_FIELD=merge_field),
        pytest.raises(TimeoutError),
    ):
        sending.send_mailing(mailing.pk, batch_size=2)
    assert len(mail.outbox) == 1  # the first message (or batch) went out, its reply was lost
    first_batch = set(mail.outbox[0].to)
    with override_settings(EMAIL_BACKEND="anymail.backends.test.EmailBackend"):
        lease_runs_out(mailing)
        sending.send_mailing(mailing.pk, batch_size=2)  # the retry
        sending.send_mailing(mailing.pk, batch_size=2)  # and a spurious one

    assert recipients_of(mail.outbox) == Counter({s.email: 1 for s in subscribers})
    uncertain = mailing.deliveries.filter(status=Delivery.Status.UNCERTAIN)
    assert {d.subscriber.email for d in uncertain} == first_batch
    assert "TimeoutError" in uncertain.first().error
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PARTIAL
    counts = Mailing.objects.with_counts().get()
    assert (counts.count_sent, counts.count_uncertain) == (3 - len(first_batch), len(first_batch))


@pytest.mark.django_db
@override_settings(
    EMAIL_BACKEND="tests.mailing.backends.FlakyLocmemBackend",
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
)
def test_a_refusal_is_retried_later_with_backoff(release):
    SubscriberFactory.create_batch(2)
    mailing = new_mailing(release)
    FlakyLocmemBackend.budget = 0
    try:
        with pytest.raises(ConnectionRefusedError):
            send_mailing_task.call(mailing.pk)
        with pytest.raises(ConnectionRefusedError):
            send_mailing_task.call(mailing.pk)
    finally:
        FlakyLocmemBackend.budget = None

    results = send_mailing_task.get_backend().results
    retries = [result for result in results if result.task.func is send_mailing_task.func]
    assert [retry.args for retry in retries] == [[mailing.pk], [mailing.pk]]
    delays = [retry.task.run_after - timezone.now() for retry in retries]
    assert timedelta(seconds=50) < delays[0] < timedelta(minutes=1)
    assert timedelta(minutes=1, seconds=50) < delays[1] < timedelta(minutes=2)
    assert statuses(mailing) == {Delivery.Status.QUEUED: 2}


@pytest.mark.django_db
def test_a_partial_mailing_can_be_resumed_from_the_admin(
    admin_client, release, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory()
    mailing = new_mailing(release)
    with override_settings(EMAIL_BACKEND="tests.mailing.backends.FlakyLocmemBackend"):
        FlakyLocmemBackend.budget = 0
        try:
            for _ in range(sending.MAX_ATTEMPTS):
                with pytest.raises(ConnectionRefusedError):
                    sending.send_mailing(mailing.pk)
        finally:
            FlakyLocmemBackend.budget = None
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PARTIAL
    assert statuses(mailing) == {Delivery.Status.FAILED: 1}

    url = f"/admin/liste-presse/envoi/{mailing.pk}/reprendre/"
    assert "Reprendre" in admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url).status_code == 302

    assert recipients_of(mailoutbox) == Counter({subscriber.email: 1})
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT


def worker(outbox, mailing, pause_after, batch_size):
    """`manage.py send_mailings` in its own process, on the test database."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",  # its email backend from the env
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "EMAIL_BACKEND": FILE_BACKEND,
        "MAILING_MERGE_FIELD": "",
        "MAILING_TEST_OUTBOX": str(outbox),
        "MAILING_TEST_PAUSE_AFTER": str(pause_after),
    }
    command = [sys.executable, "manage.py", "send_mailings", f"--mailing={mailing.pk}"]
    return subprocess.Popen(  # noqa: S603 (our own command line)
        [*command, f"--batch-size={batch_size}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_lines(outbox, count, process):
    deadline = time.monotonic() + 120
    while not (outbox.exists() and len(outbox.read_text().splitlines()) >= count):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the worker did not send in time"
        time.sleep(0.02)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_the_next_run_sends_the_rest_once(
    transactional_db, release, tmp_path, monkeypatch
):
    subscribers = SubscriberFactory.create_batch(10)
    mailing = new_mailing(release)
    outbox = tmp_path / "outbox.txt"

    process = worker(outbox, mailing, pause_after=4, batch_size=10)
    wait_for_lines(outbox, 4, process)  # the 4th message left; its outcome is not written yet
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert statuses(mailing) == {
        Delivery.Status.SENT: 3,
        Delivery.Status.SENDING: 1,
        Delivery.Status.QUEUED: 6,
    }
    lease_runs_out(mailing)
    monkeypatch.setenv("MAILING_TEST_OUTBOX", str(outbox))
    with override_settings(EMAIL_BACKEND=FILE_BACKEND, MAILING_MERGE_FIELD=""):
        call_command("send_mailings")  # the next cron run: no manual step

    assert Counter(outbox.read_text().split()) == Counter({s.email: 1 for s in subscribers})
    assert statuses(mailing) == {Delivery.Status.SENT: 9, Delivery.Status.UNCERTAIN: 1}
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PARTIAL


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_sigterm_stops_the_worker_after_its_current_batch(transactional_db, release, tmp_path):
    SubscriberFactory.create_batch(10)
    mailing = new_mailing(release)
    outbox = tmp_path / "outbox.txt"

    process = worker(outbox, mailing, pause_after=2, batch_size=5)
    wait_for_lines(outbox, 2, process)
    process.send_signal(signal.SIGTERM)
    outbox.with_suffix(".go").touch()
    assert process.wait(timeout=60) == 0, process.stderr.read().decode()

    assert len(outbox.read_text().splitlines()) == 5  # the batch under way, finished
    assert statuses(mailing) == {Delivery.Status.SENT: 5, Delivery.Status.QUEUED: 5}
    assert not mailing.deliveries.filter(status=Delivery.Status.QUEUED).exclude(claim=None)


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("merge_field", ["", "[[%s]]"])
def test_two_workers_on_one_mailing_send_once_each(transactional_db, release, merge_field):
    subscribers = SubscriberFactory.create_batch(40)
    mailing = new_mailing(release)

    with override_settings(
        EMAIL_BACKEND="anymail.backends.test.EmailBackend", MAILING_MERGE_FIELD=merge_field
    ):
        at_once(*[lambda: sending.send_mailing(mailing.pk, batch_size=5)] * 2)

    assert recipients_of(mail.outbox) == Counter({s.email: 1 for s in subscribers})
    assert statuses(mailing) == {Delivery.Status.SENT: 40}


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="tests.mailing.backends.SecondSigtermBackend")
def test_a_second_sigterm_of_db_worker_leaves_the_batch_honest(release, mailoutbox):
    from tests.mailing.backends import SecondSigtermBackend

    SubscriberFactory.create_batch(4)
    mailing = new_mailing(release)
    SecondSigtermBackend.sent = 0

    with pytest.raises(SystemExit):
        sending.send_mailing(mailing.pk)

    assert len(mailoutbox) == 1
    assert statuses(mailing) == {
        Delivery.Status.SENT: 1,
        Delivery.Status.UNCERTAIN: 1,  # in flight when the exit came: maybe sent
        Delivery.Status.QUEUED: 2,
    }
    assert not mailing.deliveries.filter(status=Delivery.Status.QUEUED).exclude(claim=None)
