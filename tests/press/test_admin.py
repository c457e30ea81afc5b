import pytest
from django.contrib.auth import get_user_model

from press.models import PressReleasePage
from tests.factories.press import PressReleasePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.org", "mot-de-passe"
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_release_listing_shows_date_status_and_topics(admin_client, press_index):
    import datetime

    PressReleasePageFactory(
        parent=press_index,
        title="Un communiqué listé",
        release_date=datetime.date(2023, 11, 23),
        topics=["Partenariats"],
    )
    response = admin_client.get("/admin/communiques/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Un communiqué listé" in html
    assert "23 novembre 2023" in html
    assert "Partenariats" in html
    assert "Date du communiqué" in html and "Thèmes" in html and "État" in html


def test_release_editor_has_french_tabs_and_alt_text_hint(admin_client, press_index):
    release = PressReleasePageFactory(parent=press_index)
    html = admin_client.get(f"/admin/pages/{release.pk}/edit/").content.decode()
    for label in ("Contenu", "Communiqué", "Chapô", "Surtitre", "Lieu de la date", "Thèmes"):
        assert label in html, label
    assert "texte alternatif, obligatoire" in html


def test_add_release_form_opens_under_the_press_index(admin_client, press_index):
    response = admin_client.get(f"/admin/pages/add/press/pressreleasepage/{press_index.pk}/")
    assert response.status_code == 200


def test_preview_modes(press_index):
    release = PressReleasePageFactory(parent=press_index, title="Aperçu du communiqué")
    assert [mode for mode, _ in release.preview_modes] == ["", "pdf"]
    response = release.make_preview_request(preview_mode="")
    assert response.status_code == 200
    assert "Aperçu du communiqué" in response.content.decode()


def test_pdf_preview_mode_serves_a_pdf(press_index):
    pytest.importorskip("press.pdf")
    release = PressReleasePageFactory(parent=press_index, title="Aperçu PDF")
    response = release.make_preview_request(preview_mode="pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_release_page_type_is_french():
    assert PressReleasePage._meta.verbose_name == "communiqué de presse"
