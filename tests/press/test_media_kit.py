"""A release's media kit: its photos and logos on the page, downloaded with their caption, credit
and licence in their XMP (read back with Pillow), and its `dossier.zip`."""

import io
import os
import re
import zipfile

import pytest
from defusedxml import ElementTree as ET
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image
from wagtail.images import get_image_model

from cms.caching import store
from press.media_kit import (
    dossier_directory,
    dossier_storage_path,
    french_size,
    jpeg_header_segments,
)
from press.models import (
    MediaKind,
    MediaLicence,
    PressReleaseMedia,
    PressReleasePage,
    PressSettings,
)
from tests.factories.press import PressReleasePageFactory
from tests.factories.press_contacts import PressContactFactory

pytestmark = pytest.mark.django_db

NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "cc": "http://creativecommons.org/ns#",
}
HOSTILE = 'Élus & habitants </x:xmpmeta><script>alert("x")</script> ]]>'


@pytest.fixture(autouse=True)
def fresh_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def jpeg_bytes(size=(1200, 800), colour="#123f7a"):
    """A JPEG as cameras write them: Exif, and an XMP of its own (which ours replaces)."""
    exif = Image.Exif()
    exif[0x010F] = "Appareil de demonstration"  # Make
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(
        buffer,
        "JPEG",
        quality=90,
        exif=exif,
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">ancienne description</x:xmpmeta>',
    )
    return buffer.getvalue()


def png_bytes(size=(400, 200)):
    buffer = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 40, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def make_image(content, name, **fields):
    image = get_image_model()(
        title=name,
        description=f"Texte alternatif de {name}",
        credit="Photothèque du collectif",
        **fields,
    )
    image.file = ImageFile(io.BytesIO(content), name=name)
    image.save()
    return image


def add_media(release, image, **fields):
    """A photo or logo after the release's others, numbered as the editor's panel numbers them
    (rows of one number would come back in any order)."""
    fields = {
        "caption": f"Légende de {image.title}",
        "licence": MediaLicence.CC_BY,
        "kind": MediaKind.PHOTO,
        "sort_order": release.media_items.count(),
        **fields,
    }
    return PressReleaseMedia.objects.create(page=release, image=image, **fields)


@pytest.fixture
def release(press_index):
    return PressReleasePageFactory(parent=press_index, slug="une-impulsion-amplifiee")


@pytest.fixture
def original():
    return jpeg_bytes()


@pytest.fixture
def photo(release, original):
    image = make_image(original, "signature.jpg")
    return add_media(
        release,
        image,
        caption="La signature du partenariat en mairie de Lille",
        credit="Camille Photographe / Collectif",
        licence=MediaLicence.CC_BY,
    )


def media_url(release, item):
    return f"{release.url}medias/{item.pk}/"


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def xmp_of(content):
    """The XMP Pillow reads from a downloaded file, parsed."""
    return ET.fromstring(Image.open(io.BytesIO(content)).info["xmp"])


def xmp_value(xmp, path):
    element = xmp.find(f".//{path}", NS)
    return element.text if element is not None else None


def xmp_alt(xmp, name):
    return xmp_value(xmp, f"{name}/rdf:Alt/rdf:li")


def test_french_sizes():
    with translation.override("fr"):
        assert french_size(850) == "850\u00a0octets"
        assert french_size(321_000) == "313\u00a0ko"
        assert french_size(2_516_582) == "2,4\u00a0Mo"
        assert french_size(12_900_000) == "12,3\u00a0Mo"


def test_the_release_shows_its_photos_and_logos(client, release, photo):
    photo.image.file_size = 2_516_582  # what the editor uploaded, as Wagtail records it
    photo.image.save(update_fields=["file_size"])
    logo = add_media(
        release,
        make_image(png_bytes(), "logo.png"),
        kind=MediaKind.LOGO,
        caption="Le logo du collectif",
        licence=MediaLicence.PRESS_ONLY,
    )
    html = client.get(release.url).content.decode()

    section = html[
        html.index('id="release-media-title"') : html.index('id="release-dossier-title"')
    ]
    assert "Photos et logos" in section
    assert 'alt="Texte alternatif de signature.jpg"' in section
    assert "La signature du partenariat en mairie de Lille" in section
    assert "© Camille Photographe / Collectif" in section
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/deed.fr" rel="license">'
        "CC BY 4.0</a>" in section
    )
    assert (
        f'href="{media_url(release, photo)}" download aria-describedby="media-caption-1">'
        "Télécharger (JPEG, 2,4\u00a0Mo, 1200\u00a0×\u00a0800)</a>" in section
    )
    # The logo: the image's own credit, a licence without a deed, its real size.
    assert "© Photothèque du collectif" in section
    assert "Usage presse uniquement" in section
    size = french_size(logo.image.file.size)
    assert f"Télécharger (PNG, {size}, 400\u00a0×\u00a0200)" in section
    assert "Télécharger le dossier de presse (ZIP)" in html


def test_a_release_without_media_offers_its_dossier_only(client, release):
    html = client.get(release.url).content.decode()
    assert "Photos et logos" not in html
    assert f'href="{release.url}dossier.zip"' in html
    _response, content = download(client, f"{release.url}dossier.zip")
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert sorted(names) == ["credits.txt", "une-impulsion-amplifiee.pdf"]


def test_a_jpeg_is_downloaded_with_its_metadata_and_its_pixels_untouched(
    client, release, photo, original
):
    response, content = download(client, media_url(release, photo))

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        'attachment; filename="la-signature-du-partenariat-en-mairie-de-lille.jpg"'
    )
    xmp = xmp_of(content)
    assert xmp_alt(xmp, "dc:description") == "La signature du partenariat en mairie de Lille"
    assert xmp_value(xmp, "photoshop:Credit") == "Camille Photographe / Collectif"
    assert xmp_value(xmp, "dc:creator/rdf:Seq/rdf:li") == "Camille Photographe / Collectif"
    assert xmp_alt(xmp, "dc:rights") == "© Camille Photographe / Collectif, CC BY 4.0"
    assert "CC BY 4.0" in xmp_alt(xmp, "xmpRights:UsageTerms")
    assert xmp_value(xmp, "xmpRights:WebStatement") == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert xmp_alt(xmp, "Iptc4xmpCore:AltTextAccessibility") == (
        "Texte alternatif de signature.jpg"
    )
    # Lossless: the same pixels, the compressed scan copied byte for byte, the Exif kept and
    # the camera's XMP replaced (one XMP segment left).
    assert Image.open(io.BytesIO(content)).tobytes() == Image.open(io.BytesIO(original)).tobytes()
    _segments, scan_start = jpeg_header_segments(original)
    assert content.endswith(original[scan_start:])
    assert Image.open(io.BytesIO(content)).getexif()[0x010F] == "Appareil de demonstration"
    assert b"ancienne description" not in content
    assert content.count(b"http://ns.adobe.com/xap/1.0/\x00") == 1


def test_a_png_is_downloaded_with_its_metadata(client, release):
    original = png_bytes()
    logo = add_media(
        release,
        make_image(original, "logo.png"),
        kind=MediaKind.LOGO,
        caption="Le logo",
        credit="",
        licence=MediaLicence.ALL_RIGHTS_RESERVED,
    )
    response, content = download(client, media_url(release, logo))

    assert response["Content-Type"] == "image/png"
    xmp = xmp_of(content)
    assert xmp_value(xmp, "photoshop:Credit") == "Photothèque du collectif"  # the image's
    assert xmp_alt(xmp, "xmpRights:UsageTerms").startswith("Tous droits réservés")
    assert xmp_value(xmp, "xmpRights:WebStatement") is None
    assert Image.open(io.BytesIO(content)).tobytes() == Image.open(io.BytesIO(original)).tobytes()


def test_hostile_text_stays_text_in_the_xmp(client, release, original):
    item = add_media(release, make_image(original, "photo.jpg"), caption=HOSTILE, credit=HOSTILE)
    _response, content = download(client, media_url(release, item))

    packet = Image.open(io.BytesIO(content)).info["xmp"]
    assert b"<script>" not in packet
    assert packet.count(b"</x:xmpmeta>") == 1
    xmp = ET.fromstring(packet)  # still well-formed
    assert xmp_alt(xmp, "dc:description") == HOSTILE
    assert xmp_value(xmp, "photoshop:Credit") == HOSTILE


def test_a_media_of_another_release_is_not_found(client, press_index, release, photo):
    other = PressReleasePageFactory(parent=press_index)
    assert client.get(media_url(other, photo)).status_code == 404
    assert client.get(f"{release.url}medias/999999/").status_code == 404


def test_the_dossier_holds_the_pdf_the_originals_the_vcards_and_the_credits(
    client, release, photo, original
):
    contact = PressContactFactory(name="Baptiste Ménard")
    PressSettings.for_site(release.get_site()).default_press_contacts.set([contact])

    response, content = download(client, f"{release.url}dossier.zip")

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="dossier-de-presse-une-impulsion-amplifiee.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == [
        "contacts/baptiste-menard.vcf",
        "credits.txt",
        "photos-et-logos/la-signature-du-partenariat-en-mairie-de-lille.jpg",
        "une-impulsion-amplifiee.pdf",
    ]
    assert archive.read("une-impulsion-amplifiee.pdf").startswith(b"%PDF-")
    _response, downloaded = download(client, media_url(release, photo))
    assert (
        archive.read("photos-et-logos/la-signature-du-partenariat-en-mairie-de-lille.jpg")
        == downloaded
    )
    assert "FN:Baptiste Ménard" in archive.read("contacts/baptiste-menard.vcf").decode()
    credits = archive.read("credits.txt").decode()
    assert "photos-et-logos/la-signature-du-partenariat-en-mairie-de-lille.jpg" in credits
    assert "Légende\u00a0: La signature du partenariat en mairie de Lille" in credits
    assert "Crédit\u00a0: Camille Photographe / Collectif" in credits
    assert "Licence\u00a0: CC BY 4.0" in credits
    assert "contacts/baptiste-menard.vcf\u00a0: Baptiste Ménard" in credits


def test_the_dossier_holds_the_contacts_of_the_release_blocks(client, press_index):
    contact = PressContactFactory(name="Julien Goupil")
    PressSettings.for_site(press_index.get_site()).default_press_contacts.set(
        [PressContactFactory(name="Contact Par Défaut")]
    )
    inline = {"name": "Léa Ponctuelle", "role": "", "organisation": "", "email": "", "phone": ""}
    release = PressReleasePageFactory(
        parent=press_index,
        body=[
            (
                "press_contacts",
                {"title": "Contacts", "contacts": [contact], "inline_contacts": [inline]},
            )
        ],
    )
    _response, content = download(client, f"{release.url}dossier.zip")
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert "contacts/julien-goupil.vcf" in names
    assert "contacts/lea-ponctuelle.vcf" in names
    assert "contacts/contact-par-defaut.vcf" not in names


def stored_dossiers(release):
    directory = dossier_directory(release)
    return default_storage.listdir(directory)[1] if default_storage.exists(directory) else []


def test_the_dossier_is_built_once_per_version(client, release, photo):
    client.get(release.url)  # the new site's settings rows: a change of the content
    url = f"{release.url}dossier.zip"
    download(client, url)
    path = dossier_storage_path(release)
    assert stored_dossiers(release) == [os.path.basename(path)]

    # What is stored is what is served: a second request does not build it again.
    default_storage.delete(path)
    default_storage.save(path, io.BytesIO(b"stored archive"))
    assert download(client, url)[1] == b"stored archive"
    html = client.get(release.url).content.decode()
    assert "Télécharger le dossier de presse (ZIP, 14\u00a0octets)" in html

    store.clear_all()  # any change of the content: a new version
    _response, content = download(client, url)
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    assert stored_dossiers(release) == [os.path.basename(dossier_storage_path(release))]


def test_an_unpublished_release_has_no_dossier(client, release, photo):
    url = f"{release.url}dossier.zip"
    download(client, url)
    media = media_url(release, photo)
    release.unpublish()
    assert stored_dossiers(release) == []
    assert client.get(url).status_code == 404
    assert client.get(media).status_code == 404


def test_the_page_reads_its_media_in_a_constant_number_of_queries(count_queries, release, original):
    image = make_image(original, "photo.jpg")
    add_media(release, image)
    one = count_queries(release.url)
    for number in range(4):
        add_media(release, make_image(original, f"photo-{number}.jpg"))
    five = count_queries(release.url)
    assert five == one


def test_the_thumbnails_are_renditions_not_originals(client, release, photo):
    html = client.get(release.url).content.decode()
    section = html[
        html.index('id="release-media-title"') : html.index('id="release-dossier-title"')
    ]
    sources = re.findall(r'(?:src|srcset)="([^"]+)"', section)
    assert sources
    assert not any("original_images" in source for source in sources)


def test_a_lost_original_neither_breaks_the_page_nor_the_download(client, release, photo):
    default_storage.delete(photo.image.file.name)
    html = client.get(release.url).content.decode()
    assert "Télécharger (JPEG, 1200\u00a0×\u00a0800)" in html
    assert client.get(media_url(release, photo)).status_code == 404


def test_a_preview_shows_the_media_being_edited(release, original):
    edited = PressReleasePage.objects.get(pk=release.pk)
    edited.media_items = [  # in memory only, as the editor's form leaves them (modelcluster)
        PressReleaseMedia(
            image=make_image(original, "nouvelle.jpg"),
            caption="Une photo pas encore publiée",
            licence=MediaLicence.CC_BY_SA,
        )
    ]
    response = edited.make_preview_request()
    html = response.render().content.decode()
    assert "Une photo pas encore publiée" in html
    assert "https://creativecommons.org/licenses/by-sa/4.0/deed.fr" in html
    assert "medias/None" not in html  # no download before it is published
