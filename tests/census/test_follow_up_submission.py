"""« Signaler un suivi »: the public form of a published practice, and its review (« Accepter »
adds the step to the case study's « Suivi »)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from practices.census.models import FollowUpSubmission, SubmissionStatus
from practices.models import PracticeFollowUp, PracticePage
from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(catalogue, lille):
    page = PracticePageFactory(parent=catalogue, title="Budget des habitants", commune=lille)
    page.save_revision().publish()
    return page


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser("admin", "admin@coeur.example", "x")
    client.force_login(user)
    return user


def url(practice):
    return reverse("census:follow_up", args=[practice.pk])


def valid_data(**overrides):
    return {
        "kind": "decision",
        "date": "2024-02-12",
        "text": "Le conseil municipal adopte les douze projets lauréats.",
        "source_url": "https://www.mairie.example/deliberation",
        "submitter_name": "Camille Martin",
        "submitter_role": "Chargée de mission participation",
        "submitter_email": "camille.martin@mairie.example",
        "consent_to_contact": "on",
        "site_web": "",
        **overrides,
    }


def test_the_form_names_the_practice_in_french(client, practice):
    assert url(practice) == f"/bonnes-pratiques/proposer/suivi/{practice.pk}/"
    html = client.get(url(practice)).content.decode()
    assert "Signaler un suivi" in html
    assert f'href="{practice.url}">Budget des habitants</a>' in html
    assert '<option value="mise-en-oeuvre">Mise en œuvre</option>' in html
    assert 'name="robots" content="noindex"' in html


def test_a_source_typed_without_its_scheme_is_stored_as_https(client, practice):
    response = client.post(url(practice), valid_data(source_url="www.mairie.example/bilan"))
    assert response.status_code == 302
    assert FollowUpSubmission.objects.get().source_url == "https://www.mairie.example/bilan"


def test_only_published_practices_take_a_follow_up(client, catalogue, lille):
    draft = PracticePageFactory(parent=catalogue, commune=lille, live=False)
    assert client.get(url(draft)).status_code == 404
    assert client.get("/bonnes-pratiques/proposer/suivi/999999/").status_code == 404
    assert client.get("/bonnes-pratiques/proposer/suivi/" + "9" * 10_000 + "/").status_code == 404


def test_a_valid_follow_up_is_stored_for_review(client, practice):
    response = client.post(url(practice), valid_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("census:follow_up_thanks")
    submission = FollowUpSubmission.objects.get()
    assert submission.practice_id == practice.pk
    assert submission.status == SubmissionStatus.NEW
    assert submission.date == datetime.date(2024, 2, 12)
    assert submission.consent_given_at is not None
    assert "recontacte" in submission.consent_text
    assert not PracticeFollowUp.objects.exists()  # nothing published before review
    assert "Merci pour ce suivi" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "", "text": ""}, "Choisissez l&#x27;étape."),
        ({"kind": "abandon"}, "Choisissez une étape de la liste."),
        ({"date": "31/02/2024"}, "Date invalide\u00a0: utilisez le format jj/mm/aaaa."),
        ({"date": "2999-01-01"}, "Cette date est trop lointaine"),
        ({"text": "x" * 501}, "500 caractères au plus"),
        ({"source_url": "javascript:alert(1)"}, "Cette adresse n&#x27;est pas valide"),
        ({"submitter_email": "camille"}, "Cette adresse électronique n&#x27;est pas valide"),
    ],
    ids=["empty", "unknown-kind", "bad-date", "far-future", "long-text", "bad-url", "bad-email"],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(client, practice, overrides, message):
    response = client.post(url(practice), valid_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert not FollowUpSubmission.objects.exists()


def test_the_honeypot_succeeds_silently_and_stores_nothing(client, practice):
    response = client.post(url(practice), valid_data(site_web="http://spam.example"))
    assert response.status_code == 302
    assert not FollowUpSubmission.objects.exists()


def test_the_rate_limit_answers_429_in_french(client, practice, settings):
    settings.CENSUS_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert client.post(url(practice), valid_data(text="")).status_code == 400
    response = client.post(url(practice), valid_data())
    assert response.status_code == 429
    assert "Réessayez dans une heure." in response.content.decode()
    assert not FollowUpSubmission.objects.exists()


def submitted(practice):
    return FollowUpSubmission.objects.create(
        practice=practice,
        kind="mise-en-oeuvre",
        date=datetime.date(2024, 6, 3),
        text="Les premiers projets sont livrés.",
        source_url="https://www.mairie.example/bilan",
        submitter_name="Camille Martin",
        submitter_role="Chargée de mission",
        submitter_email="camille.martin@mairie.example",
    )


def test_the_review_lists_and_inspects_with_an_accept_button(client, admin, practice):
    submission = submitted(practice)
    listing = client.get("/admin/census/followupsubmission/").content.decode()
    assert "Budget des habitants" in listing
    inspect = reverse("census_followupsubmission_modeladmin_inspect", args=[submission.pk])
    html = client.get(inspect).content.decode()
    assert reverse("census_accept_follow_up", args=[submission.pk]) in html
    assert "Accepter" in html


def test_accepting_publishes_the_step_on_the_case_study(client, admin, practice):
    submission = submitted(practice)
    response = client.post(reverse("census_accept_follow_up", args=[submission.pk]))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    step = PracticeFollowUp.objects.get(page=practice)
    assert (step.kind, step.date) == ("mise-en-oeuvre", datetime.date(2024, 6, 3))
    page = PracticePage.objects.get(pk=practice.pk)
    assert not page.has_unpublished_changes
    html = client.get(page.url).content.decode()
    assert "Les premiers projets sont livrés." in html
    assert "camille.martin@mairie.example" not in html  # census contacts stay private
    again = client.post(reverse("census_accept_follow_up", args=[submission.pk]))
    assert again.status_code == 302
    assert PracticeFollowUp.objects.count() == 1  # accepted once


def test_accepting_never_publishes_someone_elses_draft(client, admin, practice):
    draft = practice.get_latest_revision_as_object()
    draft.summary = "Résumé en cours de relecture."
    draft.save_revision(user=admin)
    submission = submitted(practice)
    client.post(reverse("census_accept_follow_up", args=[submission.pk]))
    page = PracticePage.objects.get(pk=practice.pk)
    assert page.has_unpublished_changes
    assert page.summary != "Résumé en cours de relecture."  # still the published version
    latest = page.get_latest_revision_as_object()
    assert latest.summary == "Résumé en cours de relecture."
    assert [step.text for step in latest.follow_ups.all()] == ["Les premiers projets sont livrés."]
    assert not PracticeFollowUp.objects.exists()  # not live yet


def test_accepting_needs_the_permission(client, practice):
    user = get_user_model().objects.create_user("editor", "e@coeur.example", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    submission = submitted(practice)
    response = client.post(reverse("census_accept_follow_up", args=[submission.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert FollowUpSubmission.objects.get().status == SubmissionStatus.NEW
    assert not PracticeFollowUp.objects.exists()
