import datetime
import io
import os

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from cms.caching import store
from press.models import PressReleasePage, PressSettings
from press.pdf import pdf_directory, pdf_storage_path
from tests.factories.press import PressIndexPageFactory, PressReleasePageFactory
from tests.factories.press_contacts import PressContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def press_index(site_home):
    return PressIndexPageFactory(parent=site_home)


@pytest.fixture
def release(press_index):
    """A release published the way editors do it: through a revision."""
    page = PressReleasePageFactory(
        parent=press_index,
        title="Une impulsion amplifiée",
        slug="une-impulsion-amplifiee",
        release_date=datetime.date(2023, 11, 23),
        standfirst="Un partenariat supplémentaire et inédit.",
    )
    page.save_revision().publish()
    return PressReleasePage.objects.get(pk=page.pk)


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def get_pdf(client, page):
    response = client.get(f"{page.url}pdf/")
    assert response.status_code == 200
    return response, response.content


def stored_files(page):
    directory = pdf_directory(page)
    return default_storage.listdir(directory)[1] if default_storage.exists(directory) else []


def test_seed_release_pdf(client, demo_site):
    page = PressReleasePage.objects.get(slug="une-impulsion-amplifiee")
    response, content = get_pdf(client, page)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="une-impulsion-amplifiee.pdf"'
    assert content.startswith(b"%PDF-")
    assert len(content) < 1_000_000
    text = pdf_text(content)
    assert "Une impulsion amplifiée" in text
    assert "Lille, le 23 novembre 2023" in text
    assert "COMMUNIQUÉ DE PRESSE" in text
    assert "06 21 17 64 69" in text
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == "Une impulsion amplifiée"
    assert reader.metadata.author == "La participation citoyenne, cœur de nos communes"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "fr"
    assert catalog["/MarkInfo"]["/Marked"].value is True  # tagged PDF
    assert "/StructTreeRoot" in catalog


def test_pdf_is_rendered_once_then_served_from_storage(client, release):
    assert stored_files(release) == []
    get_pdf(client, release)
    path = pdf_storage_path(release)
    assert store.global_version() in path
    assert default_storage.exists(path)
    stored_mtime = os.stat(default_storage.path(path)).st_mtime_ns
    with default_storage.open(path, "rb") as file:
        stored = file.read()

    for _ in range(3):
        _, content = get_pdf(client, release)
        assert content == stored

    assert os.stat(default_storage.path(path)).st_mtime_ns == stored_mtime
    assert stored_files(release) == [os.path.basename(path)]


def test_republishing_renders_a_new_pdf(client, release):
    get_pdf(client, release)
    first_path = pdf_storage_path(release)
    release.title = "Une impulsion encore amplifiée"
    release.save_revision().publish()
    release.refresh_from_db()

    second_path = pdf_storage_path(release)
    assert second_path != first_path
    _, content = get_pdf(client, release)
    assert "Une impulsion encore amplifiée" in pdf_text(content)
    assert stored_files(release) == [os.path.basename(second_path)]


def test_a_new_default_contact_reaches_the_stored_pdf(client, release):
    _, before = get_pdf(client, release)
    press_settings = PressSettings.for_site(release.get_site())
    press_settings.default_press_contacts.set(
        [PressContactFactory(name="Aline Nouvelle", phone="03 20 11 22 33")]
    )
    _, after = get_pdf(client, release)
    assert "Aline Nouvelle" not in pdf_text(before)
    assert "Aline Nouvelle" in pdf_text(after)


def test_missing_pdf_is_rendered_once_then_served(client, release):
    default_storage.delete(pdf_storage_path(release))
    _, first = get_pdf(client, release)
    assert "Une impulsion amplifiée" in pdf_text(first)
    path = default_storage.path(pdf_storage_path(release))
    mtime = os.stat(path).st_mtime_ns
    _, second = get_pdf(client, release)
    assert second == first
    assert os.stat(path).st_mtime_ns == mtime


def test_unpublished_release_has_no_pdf(client, release):
    url = f"{release.url}pdf/"
    release.unpublish()
    assert client.get(url).status_code == 404
    assert stored_files(release) == []


def test_embargoed_release_has_no_pdf(client, press_index):
    page = PressReleasePageFactory(parent=press_index, slug="sous-embargo", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()  # scheduled, as « Programmer la publication » does
    page.refresh_from_db()
    assert not page.live
    assert client.get("/presse/sous-embargo/pdf/").status_code == 404
    assert stored_files(page) == []

    # Its time comes: `publish_scheduled` publishes it, and its PDF can be rendered.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = page.revisions.get(approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    _, content = get_pdf(client, page)
    assert page.title in pdf_text(content)
    assert stored_files(page) == [os.path.basename(pdf_storage_path(page))]


def test_pdf_preview_of_a_draft_is_not_stored(release):
    release.title = "Brouillon du communiqué"
    release.save_revision()
    draft = release.get_latest_revision_as_object()
    before = stored_files(release)

    response = draft.make_preview_request(preview_mode="pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Brouillon du communiqué" in pdf_text(response.content)
    assert stored_files(release) == before


def test_private_release_pdf_is_never_stored(client, release):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=release, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    default_storage.delete(pdf_storage_path(release))
    release.save_revision().publish()
    assert stored_files(release) == []
    # Wagtail asks for the password before routing to the PDF.
    response = client.get(f"{release.url}pdf/")
    assert response["Content-Type"].startswith("text/html")
    assert b"password" in response.content.lower()
    assert stored_files(release) == []
