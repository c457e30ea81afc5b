import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

from practices.census import uploads

from .files import (
    PDF,
    big_file,
    executable_named_pdf,
    image_bomb,
    jpeg_file,
    open_action,
    pdf_bytes,
    pdf_file,
)


def test_a_real_pdf_is_accepted_as_is():
    clean = uploads.clean_upload(pdf_file())
    assert clean.content == PDF
    assert (clean.extension, clean.content_type) == ("pdf", "application/pdf")
    assert clean.original_name == "deliberation.pdf"


def test_an_executable_named_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(executable_named_pdf())
    assert "est un programme" in error.value.messages[0]


def test_a_pdf_with_javascript_is_refused():
    body = pdf_bytes(open_action(S=Name.JavaScript, JS=String("app.alert(1)")))
    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(SimpleUploadedFile("a.pdf", body))
    assert "contenu actif" in error.value.messages[0]
    assert error.value.code == "active_pdf"


def test_a_pdf_that_only_goes_to_a_page_on_opening_is_accepted():
    def open_on_first_page(pdf):
        pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]))

    assert uploads.clean_upload(SimpleUploadedFile("a.pdf", pdf_bytes(open_on_first_page)))


def test_an_automatic_action_chained_after_a_move_is_refused():
    def move_then_fetch(pdf):
        fetch = Dictionary(S=Name.URI, URI=String("https://pistage.example/"))
        pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj]), Next=fetch)

    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(SimpleUploadedFile("a.pdf", pdf_bytes(move_then_fetch)))
    assert error.value.code == "active_pdf"


def test_html_hidden_in_a_stream_is_refused():
    def page_with_html(pdf):
        pdf.pages[0].Contents = pdf.make_stream(b"% <svg onload=alert(1)>\n")

    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(SimpleUploadedFile("a.pdf", pdf_bytes(page_with_html)))
    assert error.value.code == "html_pdf"


def test_a_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(SimpleUploadedFile("photo.jpg", b"hello, world"))
    assert "ni un PDF ni une image" in error.value.messages[0]


def test_an_image_bomb_is_refused_without_decoding_it():
    with pytest.raises(ValidationError) as error:
        uploads.clean_upload(image_bomb())
    assert "image trop grande" in error.value.messages[0]


def test_images_are_reencoded_without_metadata():
    upload = jpeg_file(name="../../etc/photo mairie.JPG")
    assert b"SecretCamera" in upload.read()
    clean = uploads.clean_upload(upload)
    assert clean.original_name == "photo_mairie.JPG"
    assert clean.extension == "jpg"
    assert b"SecretCamera" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert not image.getexif()


def test_a_png_keeps_its_format_and_transparency():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 0)).save(buffer, format="PNG")
    clean = uploads.clean_upload(SimpleUploadedFile("logo.png", buffer.getvalue()))
    with Image.open(io.BytesIO(clean.content)) as image:
        assert (image.format, image.mode) == ("PNG", "RGBA")


def test_sizes_and_counts_are_limited_with_french_messages():
    with pytest.raises(ValidationError) as error:
        uploads.check_sizes([big_file()])
    assert error.value.messages[0] == (
        "«\u00a0dossier.pdf\u00a0» pèse 30\u00a0Mo\u00a0; la limite est de 10\u00a0Mo par fichier."
    )
    with pytest.raises(ValidationError) as error:
        uploads.check_sizes([pdf_file() for _ in range(6)])
    assert "au plus 5 fichiers" in error.value.messages[0]
    uploads.check_sizes([pdf_file() for _ in range(5)])
