import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from practices.census.models import PracticeSubmission, SubmissionAttachment, SubmissionStatus

from .files import big_file, executable_named_pdf, image_bomb, jpeg_file, pdf_file

pytestmark = pytest.mark.django_db
URL = "/bonnes-pratiques/proposer/"


def valid_data(place, **overrides):
    data = {
        "commune": place.pk,
        "title": "Budget participatif des quartiers",
        "device_types": ["budget-participatif", "plateforme-numerique"],
        "themes": ["cadre-de-vie"],
        "start_date": "2023-03-01",
        "end_date": "",
        "participants": "1200",
        "budget": "60000",
        "description": "Les habitants proposent puis votent des projets.",
        "results": "42 projets déposés, 12 réalisés.",
        "lessons": "Accompagner les porteurs de projet.",
        "submitter_name": "Camille Martin",
        "submitter_role": "Chargée de mission participation",
        "submitter_email": "camille.martin@mairie.example",
        "consent_to_contact": "on",
        "site_web": "",
    }
    data.update(overrides)
    return data


def test_the_form_lives_under_the_catalogue_path():
    assert reverse("census:submit") == URL


def test_the_form_is_french_labelled_and_lists_the_communes(client, lille):
    html = client.get(URL).content.decode()
    assert html.count("<h1>") == 1
    assert "Signaler une bonne pratique" in html
    assert f'<option value="{lille.pk}">Lille (59350)</option>' in html
    assert '<label for="id_submitter_email">' in html
    assert 'aria-describedby="id_title-aide"' in html
    assert 'enctype="multipart/form-data"' in html


def test_a_valid_submission_is_stored_acknowledged_and_notified(
    client, site, lille, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**valid_data(lille), "attachments": [pdf_file(), jpeg_file()]})
    assert response.status_code == 302
    assert response["Location"] == reverse("census:thanks")
    submission = PracticeSubmission.objects.get()
    assert submission.status == SubmissionStatus.NEW
    assert submission.commune == lille
    assert sorted(submission.device_types.values_list("pk", flat=True)) == [
        "budget-participatif",
        "plateforme-numerique",
    ]
    assert list(submission.themes.values_list("pk", flat=True)) == ["cadre-de-vie"]
    assert (submission.participants, submission.budget) == (1200, 60000)
    assert submission.start_date.isoformat() == "2023-03-01"
    assert submission.consent_given_at is not None
    assert "recontacte" in submission.consent_text
    attachments = list(submission.attachments.all())
    assert [a.content_type for a in attachments] == ["application/pdf", "image/jpeg"]
    assert [a.original_name for a in attachments] == ["deliberation.pdf", "photo.jpg"]
    assert b"SecretCamera" not in attachments[1].file.read()

    ack, staff = mail.outbox
    assert ack.to == ["camille.martin@mairie.example"]
    assert ack.subject == "Nous avons bien reçu «\u00a0Budget participatif des quartiers\u00a0»"
    assert "Lille" in ack.body and "Budget participatif" in ack.body
    assert ack.alternatives[0][1] == "text/html"
    assert staff.to == ["equipe@coeur.example"]
    assert staff.reply_to == ["camille.martin@mairie.example"]
    assert f"/admin/census/practicesubmission/inspect/{submission.pk}/" in staff.body


@pytest.mark.parametrize("title", ["Budget\r\nBcc: tous@example.org", "Budget\nparticipatif"])
def test_a_title_with_a_newline_is_acknowledged_on_one_line(
    client, site, lille, django_capture_on_commit_callbacks, title
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(lille, title=title))

    assert response.status_code == 302
    ack = mail.outbox[0]
    assert "\n" not in ack.subject and "\r" not in ack.subject
    assert ack.subject.startswith("Nous avons bien reçu «\u00a0Budget")
    assert ack.to == ["camille.martin@mairie.example"]


def test_an_email_that_fails_after_saving_is_logged_never_a_500(
    client, site, lille, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.mailing.backends.BrokenBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(lille))

    assert response.status_code == 302
    assert PracticeSubmission.objects.count() == 1
    assert "SMTP indisponible" in caplog.text


def test_the_thanks_page_answers(client):
    response = client.get(reverse("census:thanks"))
    assert response.status_code == 200
    assert "Merci pour votre contribution" in response.content.decode()


def test_invalid_input_rerenders_in_french_with_described_errors(client, lille, stored_files):
    data = valid_data(
        lille,
        title="",
        device_types=["pas-un-dispositif"],
        submitter_email="pas-une-adresse",
        start_date="2023-13-45",
    )
    response = client.post(URL, {**data, "attachments": [pdf_file()]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Donnez un nom à la pratique." in html
    assert "Ce type de dispositif n&#x27;existe pas." in html
    assert "Cette adresse électronique n&#x27;est pas valide" in html
    assert "Date invalide" in html
    assert 'id="id_title-erreurs"' in html
    assert 'aria-describedby="id_title-aide id_title-erreurs"' in html
    assert 'aria-invalid="true"' in html
    assert 'role="alert"' in html
    assert PracticeSubmission.objects.count() == 0
    assert SubmissionAttachment.objects.count() == 0
    assert stored_files() == []
    assert mail.outbox == []


def test_end_before_start_is_refused(client, lille):
    response = client.post(URL, valid_data(lille, start_date="2024-01-10", end_date="2023-01-10"))
    assert "La date de fin précède la date de début." in response.content.decode()
    assert PracticeSubmission.objects.count() == 0


def test_an_unknown_commune_is_refused(client, lille):
    response = client.post(URL, valid_data(lille, commune="999999"))
    assert "Choisissez une commune de la liste." in response.content.decode()


def test_the_honeypot_succeeds_silently_and_stores_nothing(client, lille, stored_files):
    response = client.post(
        URL, {**valid_data(lille, site_web="http://spam.example"), "attachments": [pdf_file()]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("census:thanks")
    assert PracticeSubmission.objects.count() == 0
    assert stored_files() == []
    assert mail.outbox == []


def test_the_rate_limit_answers_429_in_french(client, lille, settings):
    settings.CENSUS_RATE_LIMIT = (3, 3600)
    for _ in range(3):
        assert client.post(URL, valid_data(lille, title="")).status_code == 200
    response = client.post(URL, valid_data(lille))
    assert response.status_code == 429
    assert "Réessayez dans une heure." in response.content.decode()
    assert PracticeSubmission.objects.count() == 0
    other = client.post(URL, valid_data(lille), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (big_file, "pèse 30\u00a0Mo\u00a0; la limite est de 10\u00a0Mo par fichier"),
        (executable_named_pdf, "«\u00a0bilan.pdf\u00a0» est un programme, pas un document"),
        (image_bomb, "«\u00a0plan.png\u00a0» est une image trop grande"),
    ],
    ids=["30-mo", "fake-pdf-executable", "image-bomb"],
)
def test_dangerous_files_are_refused_and_nothing_is_stored(
    client, lille, stored_files, upload, message
):
    response = client.post(URL, {**valid_data(lille), "attachments": [pdf_file(), upload()]})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'id="id_attachments-erreurs"' in response.content.decode()
    assert PracticeSubmission.objects.count() == 0
    assert SubmissionAttachment.objects.count() == 0
    assert stored_files() == []
    assert mail.outbox == []


def test_six_files_are_refused(client, lille):
    response = client.post(URL, {**valid_data(lille), "attachments": [pdf_file()] * 6})
    assert "au plus 5 fichiers" in response.content.decode()
    assert PracticeSubmission.objects.count() == 0


def test_an_oversized_body_is_refused_before_reading(client, lille):
    response = client.post(URL, valid_data(lille), CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()
    assert PracticeSubmission.objects.count() == 0


def row_counts_outside_census():
    # Wagtail's reference index records the submission's own links: census bookkeeping.
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label != "census"
        and model._meta.managed
        and model._meta.label != "wagtailcore.ReferenceIndex"
    }


def test_submissions_never_feed_the_mailing_list(client, site, lille):
    before = row_counts_outside_census()
    client.post(URL, valid_data(lille))
    assert PracticeSubmission.objects.count() == 1
    if apps.is_installed("press.mailing"):
        assert not apps.get_model("mailing", "Subscriber").objects.exists()
    # Nothing at all is written outside the census tables (no subscriber, no contact, no page).
    assert row_counts_outside_census() == before
