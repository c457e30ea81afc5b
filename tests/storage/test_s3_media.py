"""Media on S3-compatible object storage, against a real S3 server on 127.0.0.1 (moto):
public media in the bucket, census attachments private and reached by staff through signed links."""

import io
import socket
import threading
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader
from storages.backends.s3 import S3Storage
from wagtail_factories import DocumentFactory, ImageFactory

from cms.settings.base import S3_ATTEMPTS, s3_media_origin, s3_storages
from practices.census.models import SubmissionAttachment
from press.models import PressReleasePage
from tests.census.files import PDF, pdf_file
from tests.census.test_submission_form import URL as CENSUS_FORM
from tests.census.test_submission_form import valid_data
from tests.factories.practices import CommuneFactory, PracticeIndexPageFactory, PracticePageFactory
from tests.factories.press import PressReleasePageFactory
from tests.storage.conftest import KEYS, REGION

pytestmark = pytest.mark.django_db


def anonymous_get(url):
    """Status, headers and body of a plain HTTP GET, as any visitor's browser would send it."""
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 (http://127.0.0.1 only)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_images_and_renditions_are_public_objects_of_the_bucket(s3):
    image = ImageFactory(title="Atelier", file__width=120, file__height=80)
    rendition = image.get_rendition("width-60")

    assert image.file.name in s3.keys("original_images/")
    assert rendition.file.name in s3.keys("images/")
    assert rendition.url == s3.base + rendition.file.name
    status, headers, body = anonymous_get(rendition.url)
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert body == rendition.file.storage.open(rendition.file.name).read()


@pytest.fixture
def release_with_image(press_index):
    image = ImageFactory(title="Signature", file__width=200, file__height=120)
    page = PressReleasePageFactory(
        parent=press_index,
        slug="signature",
        body=[
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "La signature", "decorative": False},
                    "caption": "",
                    "credit": "",
                },
            }
        ],
    )
    page.save_revision().publish()
    return PressReleasePage.objects.get(pk=page.pk)


def test_a_release_pdf_is_stored_in_the_bucket_with_its_image(client, s3, release_with_image):
    response = client.get(f"{release_with_image.url}pdf/")

    assert response.status_code == 200
    [stored] = s3.keys(f"press/pdf/{release_with_image.pk}/")
    assert s3.client.get_object(Bucket=s3.bucket, Key=stored)["Body"].read() == response.content
    # WeasyPrint read the image from the bucket (through the storage, not the public URL).
    assert len(PdfReader(io.BytesIO(response.content)).pages[0].images) == 1

    release_with_image.save_revision().publish()  # a new version: the old file goes
    client.get(f"{release_with_image.url}pdf/")
    [renewed] = s3.keys(f"press/pdf/{release_with_image.pk}/")
    assert renewed != stored


@pytest.fixture
def silent_endpoint():
    """An endpoint that accepts connections and never answers, as a storage dropping packets
    would behave; it counts the connections it was asked for."""
    listener = socket.create_server(("127.0.0.1", 0))
    connections = []

    def hold():
        while True:
            try:
                connections.append(listener.accept()[0])
            except OSError:  # closed at teardown
                return

    threading.Thread(target=hold, daemon=True).start()
    host, port = listener.getsockname()
    yield SimpleNamespace(url=f"http://{host}:{port}", connections=connections)
    listener.close()
    for connection in connections:
        connection.close()


def use_storage_at(settings, endpoint):
    storages = s3_storages(
        {
            "AWS_STORAGE_BUCKET_NAME": "coeur-hors-de-portee",
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": REGION,
        }
    )
    for storage in storages.values():
        storage["OPTIONS"].update(KEYS)
    settings.STORAGES = {**settings.STORAGES, **storages}


def test_a_release_page_shows_while_the_object_storage_is_out_of_reach(
    client, settings, caplog, release_with_image
):
    """The page reads one thing from the storage, its stored dossier's size (and an image's,
    if unknown): without an answer, it shows the dossier's link without the size instead of
    failing."""
    assert client.get(release_with_image.url).status_code == 200  # renditions made
    use_storage_at(settings, "http://127.0.0.1:1")  # nothing listens: refused

    response = client.get(release_with_image.url)

    assert response.status_code == 200
    assert "Télécharger le dossier de presse (ZIP)" in response.content.decode()
    assert "File size unavailable" in caplog.text  # the operators see why


def test_a_silent_object_storage_is_given_up_after_a_bounded_number_of_tries(
    client, settings, caplog, release_with_image, silent_endpoint
):
    """botocore's defaults would wait 60 s per try, five times; the settings bound both."""
    assert client.get(release_with_image.url).status_code == 200  # renditions made
    use_storage_at(settings, silent_endpoint.url)

    response = client.get(release_with_image.url)

    assert response.status_code == 200
    assert "File size unavailable" in caplog.text
    assert len(silent_endpoint.connections) == S3_ATTEMPTS  # one read, tried twice


def test_the_catalogue_export_is_stored_in_the_bucket(client, s3, site_home):
    index = PracticeIndexPageFactory(parent=site_home)
    PracticePageFactory(parent=index, title="Budget participatif de Lille")

    first = client.get("/bonnes-pratiques/export/csv/")
    content = b"".join(first.streaming_content)

    [stored] = s3.keys("exports/")
    assert stored.endswith(".csv")
    assert s3.client.get_object(Bucket=s3.bucket, Key=stored)["Body"].read() == content
    assert "Budget participatif de Lille" in content.decode()
    again = client.get("/bonnes-pratiques/export/csv/")
    assert b"".join(again.streaming_content) == content
    assert s3.keys("exports/") == [stored]


def test_census_attachments_are_private_and_reached_by_staff_through_a_signed_link(client, s3):
    lille = CommuneFactory(insee_code="59350", name="Lille")
    response = client.post(CENSUS_FORM, {**valid_data(lille), "attachments": [pdf_file()]})
    assert response.status_code == 302
    item = SubmissionAttachment.objects.get()

    key = f"private/{item.file.name}"
    assert s3.keys("private/") == [key]
    assert s3.keys() == [key]  # nothing public
    status, _headers, body = anonymous_get(s3.base + key)
    assert status == 403
    assert PDF not in body

    download = reverse("census_attachment", args=[item.pk])
    assert client.get(download).status_code == 302
    assert "/admin/login/" in client.get(download)["Location"]  # no link for visitors
    staff = get_user_model().objects.create_superuser("equipe", "equipe@coeur.example", "x")
    client.force_login(staff)
    redirect = client.get(download)
    assert redirect.status_code == 302
    assert "no-store" in redirect["Cache-Control"]
    signed = redirect["Location"]
    assert signed.startswith(s3.base + key + "?")
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
    status, headers, body = anonymous_get(signed)
    assert status == 200
    assert body == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="deliberation.pdf"'


def test_documents_are_stored_in_the_bucket_and_served_by_the_site(client, s3, site_home):
    document = DocumentFactory(title="Règlement", file__filename="reglement.pdf", file__data=PDF)

    assert document.file.name in s3.keys("documents/")
    assert document.url.startswith("/documents/")  # Django checks the rights, then streams it
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("style", "endpoint", "origin"),
    [
        ("path", "https://s3.fr-par.scw.cloud", "https://s3.fr-par.scw.cloud"),
        ("virtual", "https://s3.fr-par.scw.cloud", "https://coeur-media.s3.fr-par.scw.cloud"),
        ("path", "http://127.0.0.1:9000/", "http://127.0.0.1:9000"),
    ],
)
def test_public_media_urls_are_the_ones_boto3_would_address(style, endpoint, origin):
    """django-storages writes them itself (`custom_domain`), the same as boto3's unsigned ones,
    which the browser may fetch (the Content-Security-Policy's origin)."""
    environ = {
        "AWS_STORAGE_BUCKET_NAME": "coeur-media",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_ADDRESSING_STYLE": style,
    }
    options = {**s3_storages(environ)["default"]["OPTIONS"], **KEYS}
    written = S3Storage(**options)
    by_boto3 = S3Storage(**{**options, "custom_domain": None})
    name = "images/atelier_de-quartier.2e16d0ba.format-webp.fill-320x180.webp"
    assert written.url(name) == by_boto3.url(name)
    assert written.url(name).startswith(origin + "/")
    assert s3_media_origin(environ) == origin
