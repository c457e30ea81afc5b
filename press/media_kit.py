"""The media kit of a press release: its photos and logos, downloaded with their caption, credit
and licence written into the file (XMP, which picture desks read), and its `dossier.zip`.

An original JPEG gets its XMP as an APP1 segment spliced into its header: the compressed image
is copied byte for byte, never decoded nor encoded again. A PNG gets it as an iTXt chunk; other
formats are served as they are. The `dossier.zip` (the release's PDF, every original with its
metadata, the vCards of its contacts and a `credits.txt`) is built once per version of the
content and kept in the media storage, exactly as press.pdf keeps the PDF: removed with it when
the release is unpublished or deleted (press.signals), never stored for a private release.

Both downloads are streamed responses, which the page cache leaves alone: originals and
archives of several megabytes would crowd out the pages there.
"""

import io
import logging
import os
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.images.models import SourceImageIOError

from cms import files
from cms.caching import store
from cms.renditions import specs
from cms.templatetags.cms_tags import french_date
from cms.text import one_line
from press.pdf import is_private, pdf_filename, release_pdf
from press.vcards import build_vcard, contact_fields, vcard_filename

logger = logging.getLogger(__name__)

# The thumbnails of templates/press/includes/media_kit.html: logos are never cropped.
THUMBNAIL_RENDITIONS = specs("format-{avif,webp,jpeg}|max-{320x240,640x480}")

DOSSIER_ROOT = "press/dossiers"
MEDIA_FOLDER = "photos-et-logos"
CONTACTS_FOLDER = "contacts"
CREDITS_FILE = "credits.txt"
# Archives up to this size are built in memory, larger ones in a temporary file.
SPOOL_SIZE = 16 * 1024 * 1024

CC_LICENCES = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
}
FORMAT_NAMES = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".gif": "GIF",
    ".webp": "WebP",
    ".avif": "AVIF",
    ".heic": "HEIC",
}


def licence_terms(licence):
    """What the licence allows, in a sentence (for the files' metadata and credits.txt)."""
    return {
        "cc-by-4.0": _(
            "Licence Creative Commons Attribution 4.0 International (CC BY 4.0) : "
            "réutilisation libre, y compris commerciale, en citant l'auteur."
        ),
        "cc-by-sa-4.0": _(
            "Licence Creative Commons Attribution - Partage dans les mêmes conditions 4.0 "
            "International (CC BY-SA 4.0) : réutilisation libre en citant l'auteur, les "
            "adaptations étant partagées sous la même licence."
        ),
        "presse": _(
            "Usage presse uniquement : pour illustrer un article consacré à ce communiqué. "
            "Toute autre utilisation est soumise à autorisation."
        ),
        "tous-droits-reserves": _(
            "Tous droits réservés : toute reproduction est soumise à l'autorisation du "
            "titulaire des droits."
        ),
    }.get(licence, "")


def licence_deed(licence):
    """The French page of a Creative Commons licence, or None."""
    url = CC_LICENCES.get(licence)
    return f"{url}deed.fr" if url else None


def usage_terms(item):
    terms = [licence_terms(item.licence)]
    if item.credit_line:
        terms.append(_("Mention obligatoire : « %(credit)s ».") % {"credit": item.credit_line})
    if deed := licence_deed(item.licence):
        terms.append(deed)
    return " ".join(terms)


# Page


def media_items(page):
    """The release's photos and logos with their images (the page reads the renditions of
    their thumbnails, THUMBNAIL_RENDITIONS, with its other images)."""
    return page.media_items.select_related("image")


@dataclass(frozen=True)
class MediaDownload:
    """A photo or logo as the release page shows it."""

    item: object
    details: str  # « JPEG, 2,4 Mo, 3000 × 2000 »
    licence_url: str | None


def media_downloads(page):
    return [
        MediaDownload(item, file_details(item.image), licence_deed(item.licence))
        for item in media_items(page)
    ]


def file_details(image):
    """« JPEG, 2,4 Mo, 3000 × 2000 » (without the size if the storage cannot tell it)."""
    if image.file_size is not None:
        size = french_size(image.file_size)
    else:  # not get_file_size(): it saves an image whose size is unknown, on a GET
        size = stored_size(lambda: image.file.size)
    dimensions = f"{image.width}\u00a0×\u00a0{image.height}"
    return ", ".join(part for part in (file_format(image), size, dimensions) if part)


def file_format(image):
    extension = os.path.splitext(image.file.name)[1].lower()
    return FORMAT_NAMES.get(extension, extension.lstrip(".").upper())


def french_size(size):
    """« 850 octets », « 312 ko », « 2,4 Mo », « 1,1 Go » (multiples of 1024, as Django's
    `filesizeformat` counts them for the other downloads of the page)."""
    if size < 1024:
        return ngettext("%(size)d\u00a0octet", "%(size)d\u00a0octets", size) % {"size": size}
    if size < 1024**2:
        return _("%(size)s\u00a0ko") % {"size": round(size / 1024)}
    if size < 1024**3:
        return _("%(size)s\u00a0Mo") % {"size": formats.number_format(round(size / 1024**2, 1), 1)}
    return _("%(size)s\u00a0Go") % {"size": formats.number_format(round(size / 1024**3, 1), 1)}


def dossier_size(page):
    """The size of the release's stored `dossier.zip` (« 12,3 Mo »), or None if it is not
    stored yet (it is built at its first download)."""
    return stored_size(lambda: default_storage.size(dossier_storage_path(page)))


def stored_size(read_size):
    """The size that `read_size()` reads from the media storage, in French; None if the file
    is missing or the storage does not answer: the release page then shows without it rather
    than fail."""
    try:
        return french_size(read_size())
    except FileNotFoundError:
        return None
    except Exception:  # any storage backend's error (object storage out of reach…)
        logger.warning("File size unavailable: the storage did not answer.", exc_info=True)
        return None


def page_context(page):
    return {"media_downloads": media_downloads(page), "dossier_size": dossier_size(page)}


# XMP


def xml_text(value):
    """Untrusted text fit for XML content: one line, no control character, escaped."""
    return escape(one_line(value))


def xmp_alt(value):
    """An XMP language alternative (rdf:Alt) with its default value."""
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{xml_text(value)}</rdf:li></rdf:Alt>'


def xmp_packet(item):
    """The XMP of a media item: caption, credit, licence and alternative text, in the Dublin
    Core, Photoshop, XMP Rights, IPTC Core and Creative Commons namespaces that picture desks'
    software (and IPTC's Photo Metadata standard) read."""
    credit = item.credit_line
    copyright_notice = f"© {credit}, {item.get_licence_display()}" if credit else ""
    properties = [
        f"<dc:description>{xmp_alt(item.caption)}</dc:description>",
        f"<dc:rights>{xmp_alt(copyright_notice or item.get_licence_display())}</dc:rights>",
        "<xmpRights:Marked>True</xmpRights:Marked>",
        f"<xmpRights:UsageTerms>{xmp_alt(usage_terms(item))}</xmpRights:UsageTerms>",
        "<Iptc4xmpCore:AltTextAccessibility>"
        f"{xmp_alt(item.image.description)}"
        "</Iptc4xmpCore:AltTextAccessibility>",
    ]
    if credit:
        properties += [
            f"<dc:creator><rdf:Seq><rdf:li>{xml_text(credit)}</rdf:li></rdf:Seq></dc:creator>",
            f"<photoshop:Credit>{xml_text(credit)}</photoshop:Credit>",
        ]
    if licence_url := CC_LICENCES.get(item.licence):
        properties += [
            f"<xmpRights:WebStatement>{licence_url}</xmpRights:WebStatement>",
            f'<cc:license rdf:resource="{licence_url}"/>',
        ]
        if credit:
            properties.append(f"<cc:attributionName>{xml_text(credit)}</cc:attributionName>")
    body = "\n   ".join(properties)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"
    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
    xmlns:cc="http://creativecommons.org/ns#">
   {body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>""".encode()


JPEG_SOI = b"\xff\xd8"
JPEG_SOS, JPEG_EOI = 0xDA, 0xD9
JPEG_APP0, JPEG_APP1 = 0xE0, 0xE1
XMP_NAMESPACE = b"http://ns.adobe.com/xap/1.0/\x00"
EXTENDED_XMP_NAMESPACE = b"http://ns.adobe.com/xmp/extension/\x00"
EXIF_HEADER = b"Exif\x00"
MAX_SEGMENT_LENGTH = 0xFFFF


def jpeg_header_segments(data):
    """[(marker, segment bytes)] of a JPEG's header (from SOI to the first scan, excluded) and
    the offset where the scan starts; ValueError if `data` is not a JPEG."""
    if not data.startswith(JPEG_SOI):
        raise ValueError("Not a JPEG file")
    segments, position = [], len(JPEG_SOI)
    while True:
        if position + 4 > len(data) or data[position] != 0xFF:
            raise ValueError("Damaged JPEG header")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker in (JPEG_SOS, JPEG_EOI):
            return segments, position
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        end = position + 2 + length
        if length < 2 or end > len(data):
            raise ValueError("Damaged JPEG segment")
        segments.append((marker, data[position:end]))
        position = end


def is_xmp_segment(marker, segment):
    return marker == JPEG_APP1 and segment[4:].startswith((XMP_NAMESPACE, EXTENDED_XMP_NAMESPACE))


def is_leading_segment(marker, segment):
    """JFIF (APP0) and Exif (APP1) segments, which their standards want right after SOI."""
    return marker == JPEG_APP0 or (marker == JPEG_APP1 and segment[4:].startswith(EXIF_HEADER))


def jpeg_with_xmp(data, packet):
    """The JPEG `data` with `packet` as its only XMP, in an APP1 segment right after SOI (and
    the JFIF and Exif segments, if any): every other byte is copied as it is."""
    payload = XMP_NAMESPACE + packet
    if len(payload) + 2 > MAX_SEGMENT_LENGTH:
        raise ValueError("XMP packet too long for one JPEG segment")
    segments, scan_start = jpeg_header_segments(data)
    kept = [
        (marker, segment) for marker, segment in segments if not is_xmp_segment(marker, segment)
    ]
    lead = 0
    while lead < len(kept) and is_leading_segment(*kept[lead]):
        lead += 1
    xmp_segment = bytes([0xFF, JPEG_APP1]) + (len(payload) + 2).to_bytes(2, "big") + payload
    header = [segment for _marker, segment in kept]
    header.insert(lead, xmp_segment)
    return JPEG_SOI + b"".join(header) + data[scan_start:]


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_XMP_KEYWORD = b"XML:com.adobe.xmp"


def png_chunks(data):
    """[(type, chunk bytes)] of a PNG; ValueError if `data` is not one."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("Not a PNG file")
    chunks, position = [], len(PNG_SIGNATURE)
    while position < len(data):
        if position + 12 > len(data):
            raise ValueError("Damaged PNG chunk")
        length = int.from_bytes(data[position : position + 4], "big")
        end = position + 12 + length
        if end > len(data):
            raise ValueError("Damaged PNG chunk")
        chunks.append((data[position + 4 : position + 8], data[position:end]))
        position = end
    if not chunks or chunks[0][0] != b"IHDR":
        raise ValueError("PNG without its header chunk")
    return chunks


def png_chunk(chunk_type, content):
    crc = zlib.crc32(chunk_type + content)
    return len(content).to_bytes(4, "big") + chunk_type + content + crc.to_bytes(4, "big")


def png_with_xmp(data, packet):
    """The PNG `data` with `packet` as its only XMP, in an iTXt chunk right after its header
    chunk: every other chunk is copied as it is."""
    # keyword, no compression, no language tag, no translated keyword, then the text
    xmp_chunk = png_chunk(b"iTXt", PNG_XMP_KEYWORD + b"\x00\x00\x00\x00\x00" + packet)
    chunks = [
        chunk
        for chunk_type, chunk in png_chunks(data)
        if not (chunk_type == b"iTXt" and chunk[8:].startswith(PNG_XMP_KEYWORD + b"\x00"))
    ]
    return PNG_SIGNATURE + chunks[0] + xmp_chunk + b"".join(chunks[1:])


def with_metadata(data, packet):
    """`data` with the XMP `packet` if it is a JPEG or a PNG; any other file (or a damaged
    one) as it is."""
    try:
        if data.startswith(JPEG_SOI):
            return jpeg_with_xmp(data, packet)
        if data.startswith(PNG_SIGNATURE):
            return png_with_xmp(data, packet)
    except ValueError:
        pass
    return data


# Downloads


def original_with_metadata(item):
    with item.image.open_file() as file:
        return with_metadata(file.read(), xmp_packet(item))


def media_filename(item):
    """« la-signature-du-partenariat.jpg »: the caption's words, in ASCII."""
    extension = os.path.splitext(item.image.file.name)[1].lower()
    if extension == ".jpeg":
        extension = ".jpg"
    return f"{slugify(item.caption)[:80].strip('-') or 'image'}{extension}"


def media_response(request, page, media_id):
    """The `medias/<id>/` route of a release: one of its originals, with its metadata."""
    if not page.live:
        raise Http404
    item = page.media_items.select_related("image").filter(pk=media_id).first()
    if item is None:
        raise Http404
    try:
        content = original_with_metadata(item)
    except SourceImageIOError as error:  # an original lost from the media storage
        raise Http404 from error
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=media_filename(item),
    )


def dossier_directory(page):
    return f"{DOSSIER_ROOT}/{page.pk}"


def dossier_storage_path(page):
    """One archive per version of the content, as for the release's PDF (press.pdf)."""
    version = store.global_version() or page.live_revision_id
    return f"{dossier_directory(page)}/{page.slug}-{version}.zip"


def dossier_filename(page):
    return f"dossier-de-presse-{page.slug}.zip"


def release_contacts(page, default_contacts):
    """The contacts the release shows: those of its press-contacts blocks (active snippets and
    contacts typed in), else `default_contacts()`, the site's default ones."""
    blocks = page.press_contacts_blocks()
    if not blocks:
        return list(default_contacts())
    contacts = []
    for block in blocks:
        contacts += [
            contact for contact in block.value["contacts"] if contact and contact.is_active
        ]
        contacts += list(block.value["inline_contacts"])
    return contacts


def numbered(names):
    """`names` made unique: a second « a.vcf » becomes « a-2.vcf »."""
    seen, unique = {}, []
    for name in names:
        stem, extension = os.path.splitext(name)
        seen[name] = seen.get(name, 0) + 1
        unique.append(f"{stem}-{seen[name]}{extension}" if seen[name] > 1 else name)
    return unique


def credits_text(page, pdf_name, media, contacts):
    """credits.txt: what the archive holds, with each photo's caption, credit and licence."""
    sections = [
        [
            _("Dossier de presse : « %(title)s »") % {"title": page.title},
            _("Communiqué du %(date)s") % {"date": french_date(page.release_date)},
            page.full_url or "",
        ],
        [_("%(name)s : le communiqué en PDF.") % {"name": pdf_name}],
    ]
    if media:
        sections.append([_("Photos et logos")])
    for name, item in media:
        credit = one_line(item.credit_line) or _("non précisé")
        sections.append(
            [
                name,
                _("  Légende : %(caption)s") % {"caption": one_line(item.caption)},
                _("  Crédit : %(credit)s") % {"credit": credit},
                _("  Licence : %(licence)s") % {"licence": item.get_licence_display()},
                _("  Conditions : %(terms)s") % {"terms": one_line(usage_terms(item))},
                _("  Texte alternatif : %(alt)s") % {"alt": one_line(item.image.description)},
            ]
        )
    if contacts:
        sections.append(
            [
                _("Contacts presse (vCard)"),
                *(f"{name} : {contact_fields(contact)['name']}" for name, contact in contacts),
            ]
        )
    return "\n\n".join("\n".join(line for line in section if line) for section in sections) + "\n"


def write_dossier(file, request, page, default_contacts):
    """Write the `dossier.zip` of the release as it is now into `file`. Originals are stored
    as they are (compressing a JPEG gains nothing)."""
    date_time = timezone.localtime(page.last_published_at or timezone.now()).timetuple()[:6]

    def member(name, compress_type=zipfile.ZIP_DEFLATED):
        info = zipfile.ZipInfo(name, date_time=date_time)
        info.compress_type = compress_type
        return info

    items = list(page.media_items.select_related("image"))
    media = list(
        zip(numbered(f"{MEDIA_FOLDER}/{media_filename(i)}" for i in items), items, strict=True)
    )
    contacts = release_contacts(page, default_contacts)
    contacts = list(
        zip(
            numbered(f"{CONTACTS_FOLDER}/{vcard_filename(c)}" for c in contacts),
            contacts,
            strict=True,
        )
    )
    pdf_name = pdf_filename(page)
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr(member(pdf_name), release_pdf(request, page))
        for name, item in media:
            archive.writestr(member(name, zipfile.ZIP_STORED), original_with_metadata(item))
        for name, contact in contacts:
            archive.writestr(member(name), build_vcard(contact))
        archive.writestr(member(CREDITS_FILE), credits_text(page, pdf_name, media, contacts))
    file.seek(0)


def dossier_file():
    """A temporary file for an archive: in memory up to SPOOL_SIZE, on disk beyond."""
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)


def store_dossier(request, page, default_contacts):
    """Build the live release's archive and store it under the current version's path (the
    only one kept for it); returns the path."""
    path = dossier_storage_path(page)
    with dossier_file() as file:
        write_dossier(file, request, page, default_contacts)
        delete_release_dossiers(page)
        return default_storage.save(path, File(file))


def delete_release_dossiers(page):
    """Remove every stored archive of `page` (older versions, or all once unpublished)."""
    files.delete_all(dossier_directory(page))


def dossier_response(request, page, default_contacts):
    """The `dossier.zip` route of a release: its stored archive, built first if missing.
    `default_contacts()` gives the site's default press contacts, for a release without its
    own."""
    if not page.live:
        raise Http404
    if is_private(page):
        # Behind a view restriction (checked by Wagtail before routing here): built for this
        # request, never put in the media storage.
        file = dossier_file()  # closed by the response once sent
        write_dossier(file, request, page, default_contacts)
    else:
        try:
            file = default_storage.open(dossier_storage_path(page), "rb")
        except FileNotFoundError:
            file = default_storage.open(store_dossier(request, page, default_contacts), "rb")
    return FileResponse(
        file, as_attachment=True, filename=dossier_filename(page), content_type="application/zip"
    )
