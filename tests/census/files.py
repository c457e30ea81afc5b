"""Sample attachments built in memory: real files, fake ones and hostile ones."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_file(name="deliberation.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


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
