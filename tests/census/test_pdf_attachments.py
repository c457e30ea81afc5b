"""The issue's hostile PDFs, each sent through the public form: refused in French, nothing kept."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from practices.census import uploads
from practices.census.models import PracticeSubmission, SubmissionAttachment

from . import files
from .test_submission_form import URL, valid_data

pytestmark = pytest.mark.django_db

ACTIVE = "contient du contenu actif (JavaScript, formulaire, action automatique"


def upload(body, name="deliberation.pdf"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        (files.javascript_hex_escaped, ACTIVE),
        (files.launch_hex_escaped, ACTIVE),
        (files.javascript_in_object_stream, ACTIVE),
        (files.submit_form_on_opening, ACTIVE),
        (files.uri_on_opening, ACTIVE),
        (files.xfa_form, ACTIVE),
        (files.html_polyglot, "contient aussi une page web\u00a0: il est refusé"),
        (files.embedded_file, ACTIVE),
        (files.page_opening_action, ACTIVE),
        (files.password_protected, "est protégé par un mot de passe"),
        (files.truncated, "est un PDF incomplet ou abîmé"),
        # Refused as damaged when qpdf gives up, as too complex when the child process is killed.
        (files.object_stream_bomb, "est un PDF"),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_a_hostile_or_broken_pdf_is_refused_and_nothing_is_stored(
    client, lille, stored_files, sample, message
):
    response = client.post(URL, {**valid_data(lille), "attachments": [upload(sample())]})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"«\u00a0deliberation.pdf\u00a0» {message}" in html
    assert 'id="id_attachments-erreurs"' in html
    assert PracticeSubmission.objects.count() == 0
    assert SubmissionAttachment.objects.count() == 0
    assert stored_files() == []
    assert mail.outbox == []


def test_the_hidden_samples_escape_a_byte_search():
    """What the former check looked for is not in these files' bytes: only parsing finds it."""
    assert b"/JavaScript" not in files.javascript_hex_escaped()
    assert b"/Launch" not in files.launch_hex_escaped()
    assert b"JavaScript" not in files.javascript_in_object_stream()


def test_the_bomb_is_refused_for_its_size_only():
    assert uploads.pdf_verdict(files.object_stream_bomb(names=10)) == "clean"


def test_a_pdf_the_check_cannot_finish_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "PDF_CHECK_TIMEOUT", 0.001)
    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(upload(files.PDF))
    assert error.value.code == "complex_pdf"
    assert "trop lourd ou trop complexe pour être vérifié" in error.value.messages[0]


def test_a_clean_pdf_with_a_link_and_an_opening_page_is_accepted(client, site, lille):
    body = files.pdf_bytes(files.with_link_and_destination)
    response = client.post(URL, {**valid_data(lille), "attachments": [upload(body)]})
    assert response.status_code == 302
    attachment = SubmissionAttachment.objects.get()
    assert attachment.original_name == "deliberation.pdf"
    assert attachment.file.read() == body
