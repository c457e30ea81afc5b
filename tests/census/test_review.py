import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from practices.census.drafts import ALT_TEXT_TO_REVIEW_TAG
from practices.census.models import PracticeSubmission, SubmissionAttachment, SubmissionStatus
from practices.models import PracticePage
from tests.factories.census import PracticeSubmissionFactory
from tests.factories.practices import CommuneFactory

from .files import PDF, jpeg_bytes

pytestmark = pytest.mark.django_db
INDEX = "/admin/census/practicesubmission/"


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser("admin", "admin@coeur.example", "x")
    client.force_login(user)
    return user


@pytest.fixture
def submission(lille):
    submission = PracticeSubmissionFactory(
        commune=lille,
        title="Budget participatif des quartiers",
        description="Premier paragraphe.\n\nSecond paragraphe <b>gras</b>.",
    )
    SubmissionAttachment.objects.create(
        submission=submission,
        file=ContentFile(PDF, name="a.pdf"),
        original_name="deliberation.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    photo = jpeg_bytes(with_exif=False)
    SubmissionAttachment.objects.create(
        submission=submission,
        file=ContentFile(photo, name="b.jpg"),
        original_name="atelier.jpg",
        content_type="image/jpeg",
        size=len(photo),
    )
    return submission


def test_the_list_shows_status_commune_and_device_in_constant_queries(client, admin, lille):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INDEX)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    PracticeSubmissionFactory.create_batch(2, commune=lille)
    count_queries()  # warm the per-process caches (content types, site)
    small, _ = count_queries()
    for number in range(15):
        PracticeSubmissionFactory(commune=CommuneFactory(insee_code=f"59{number + 100}"))
    large, html = count_queries()
    assert small == large
    assert "Nouvelle" in html and "Lille (59350)" in html and "Budget participatif" in html
    assert "Importer un tableur" in html and "Synthèse du recensement" in html


def test_search_and_filters(client, admin, lille):
    PracticeSubmissionFactory(commune=lille, title="Les aînés du centre-ville")
    PracticeSubmissionFactory(
        commune=CommuneFactory(insee_code="59009", name="Villeneuve-d'Ascq"),
        title="Tirage au sort de la rue Pasteur",
        status=SubmissionStatus.REFUSED,
    )
    html = client.get(INDEX, {"q": "aînés"}).content.decode()
    assert "Les aînés du centre-ville" in html and "rue Pasteur" not in html
    html = client.get(INDEX, {"status": "refusee"}).content.decode()
    assert "rue Pasteur" in html and "Les aînés du centre-ville" not in html
    html = client.get(INDEX, {"commune__epci_name": "Métropole Européenne de Lille"}).content
    assert "rue Pasteur" in html.decode()
    assert client.get(INDEX, {"status": "n-importe-quoi"}).status_code in (200, 302, 400)


def test_the_inspect_view_lists_attachments_and_actions(client, admin, submission):
    url = reverse("census_practicesubmission_modeladmin_inspect", args=[submission.pk])
    html = client.get(url).content.decode()
    assert "Budget participatif des quartiers" in html
    assert "deliberation.pdf" in html and "atelier.jpg" in html
    assert "Créer une fiche brouillon" in html and "Refuser" in html
    assert reverse("census_create_draft", args=[submission.pk]) in html


def test_attachments_are_private_and_staff_only(client, submission):
    item = submission.attachments.get(content_type="application/pdf")
    url = reverse("census_attachment", args=[item.pk])
    assert "/media/" not in url
    assert client.get(url).status_code == 302  # to the admin login
    with pytest.raises(ValueError, match="private"):
        item.file.url  # noqa: B018
    user = get_user_model().objects.create_superuser("staff", "s@coeur.example", "x")
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="deliberation.pdf"' in response["Content-Disposition"]


def test_create_draft_makes_a_prefilled_draft_with_the_attachments(
    client, admin, catalogue, submission
):
    response = client.post(reverse("census_create_draft", args=[submission.pk]))
    submission.refresh_from_db()
    page = submission.practice_page.specific
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert submission.status == SubmissionStatus.ACCEPTED
    assert page.census_submission == submission  # both ways
    assert not page.live and page.has_unpublished_changes
    assert page.get_parent().specific == catalogue
    assert page.title == "Budget participatif des quartiers"
    assert page.commune == submission.commune
    assert [term.pk for term in page.device_types.all()] == ["budget-participatif"]
    assert (page.participants, page.budget) == (1200, 60000)
    assert page.summary.startswith("Premier paragraphe. Second paragraphe")
    sources = [block.value.source for block in page.how_it_works]
    assert sources == [
        "<p>Premier paragraphe.</p>",
        "<p>Second paragraphe &lt;b&gt;gras&lt;/b&gt;.</p>",
    ]
    assert page.results[0].value.source == "<p>42 projets déposés, 12 réalisés.</p>"
    contact = page.contacts.get()
    assert (contact.email, contact.consent_to_publish) == (submission.submitter_email, False)

    document = page.documents.get().document
    assert document.collection.name == "Recensement"
    assert document.file.read() == PDF
    photo = page.photos.get().image
    assert photo.collection.name == "Recensement"
    assert photo.description == "Photo transmise par Lille"
    assert ALT_TEXT_TO_REVIEW_TAG in photo.tags.names()
    assert page.lead_image == photo
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Vérifiez le texte alternatif" in m for m in messages)

    # The page's admin leads back to the submission.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Contribution d&#x27;origine" in edit or "Contribution d'origine" in edit

    # A second click creates nothing.
    client.post(reverse("census_create_draft", args=[submission.pk]))
    assert PracticePage.objects.count() == 1
    assert get_document_model().objects.count() == 1
    assert get_image_model().objects.filter(collection__name="Recensement").count() == 1


def test_publishing_the_draft_tells_the_submitter_once(
    client, admin, catalogue, submission, django_capture_on_commit_callbacks
):
    client.post(reverse("census_create_draft", args=[submission.pk]))
    page = PracticePage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
    (notice,) = mail.outbox
    assert notice.to == [submission.submitter_email]
    assert (
        notice.subject
        == "Votre pratique «\u00a0Budget participatif des quartiers\u00a0» est en ligne"
    )
    assert page.full_url in notice.body
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert len(mail.outbox) == 1


def test_no_online_notice_without_consent(
    client, admin, catalogue, submission, django_capture_on_commit_callbacks
):
    submission.consent_to_contact = False
    submission.save()
    client.post(reverse("census_create_draft", args=[submission.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        PracticePage.objects.get().save_revision().publish()
    assert mail.outbox == []


def test_refuse_with_a_reason(client, admin, submission):
    url = reverse("census_refuse", args=[submission.pk])
    assert "Motif du refus" in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert "Indiquez le motif du refus." in response.content.decode()
    response = client.post(url, {"reason": "Pratique hors du Nord."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REFUSED
    assert submission.refusal_reason == "Pratique hors du Nord."


@pytest.mark.parametrize(
    ("method", "name", "with_pk"),
    [
        ("post", "census_create_draft", True),
        ("get", "census_refuse", True),
        ("get", "census_summary", False),
        ("get", "census_summary_csv", False),
        ("get", "census_import", False),
        ("get", "census_import_template", False),
    ],
)
def test_actions_need_permissions(client, catalogue, submission, method, name, with_pk):
    """An admin user without the census permissions is turned away (Wagtail redirects)."""
    user = get_user_model().objects.create_user("editor", "e@coeur.example", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = reverse(name, args=[submission.pk] if with_pk else [])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert PracticePage.objects.count() == 0
    assert PracticeSubmission.objects.get().status == SubmissionStatus.NEW


def test_staff_can_change_the_status_in_the_edit_view(client, admin, submission):
    url = reverse("census_practicesubmission_modeladmin_edit", args=[submission.pk])
    html = client.get(url).content.decode()
    assert "Examen" in html and "Contributeur ou contributrice" in html
    response = client.post(
        url,
        {
            "status": SubmissionStatus.DUPLICATE,
            "refusal_reason": "",
            "commune": submission.commune.pk,
            "title": submission.title,
            "device_types": ["budget-participatif"],
            "description": submission.description,
            "submitter_name": submission.submitter_name,
            "submitter_role": submission.submitter_role,
            "submitter_email": submission.submitter_email,
        },
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DUPLICATE
    assert submission.consent_to_contact  # read-only in the admin


def test_two_drafts_with_the_same_title_get_distinct_slugs(client, admin, catalogue, lille):
    first, second = PracticeSubmissionFactory.create_batch(2, commune=lille, title="Jury citoyen")
    for item in (first, second):
        client.post(reverse("census_create_draft", args=[item.pk]))
    slugs = sorted(PracticePage.objects.values_list("slug", flat=True))
    assert slugs == ["jury-citoyen", "jury-citoyen-2"]


def test_deleting_a_submission_deletes_its_private_files(
    submission, stored_files, django_capture_on_commit_callbacks
):
    assert len(stored_files()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        submission.delete()
    assert stored_files() == []
