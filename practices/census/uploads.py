"""Attachments sent with a submission: checked by their content, never by their name.

A PDF must start with the PDF signature, not double as an HTML page, and be found sound and free
of active content by qpdf, in a child process with bounded memory and time (pdfcheck.py); an
image must be a real JPEG, PNG or WebP of reasonable dimensions, and is re-encoded by Pillow,
which drops its metadata (EXIF, GPS position, comments) and anything hidden after the pixels.
"""

import io
import re
import subprocess
import sys
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from practices.census import pdfcheck

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_TOTAL_SIZE = 25 * 1024 * 1024
# Bodies larger than this are refused before Django reads them (see views.SubmissionView).
MAX_REQUEST_SIZE = 2 * MAX_TOTAL_SIZE
# 40 megapixels is more than any camera photo; a decompression bomb claims far more.
MAX_IMAGE_PIXELS = 40_000_000

PDF_SIGNATURE = b"%PDF-"
PDFCHECK = str(Path(pdfcheck.__file__))
# Wall-clock bound of the child process, beyond its own CPU limit (pdfcheck.CPU_SECONDS).
PDF_CHECK_TIMEOUT = 2 * pdfcheck.CPU_SECONDS
EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # script
)
# Start tags an HTML parser acts on. The whole file is searched, streams included: a browser made to
# read the file as HTML would read the bytes of a stream as well.
HTML_MARKUP = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|frame|svg|math|object|embed|img|meta|form|style"
    rb"|link|base)[\s/>]",
    re.IGNORECASE,
)
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}


@dataclass
class CleanFile:
    """An accepted attachment, ready to be stored."""

    original_name: str
    content: bytes
    extension: str
    content_type: str

    @property
    def size(self):
        return len(self.content)

    @property
    def storage_name(self):
        return f"{uuid.uuid4().hex}.{self.extension}"


def megabytes(size):
    """« 10 Mo », « 0,2 Mo »: the unit French users know, with a non-breaking space."""
    value = size / (1024 * 1024)
    return f"{number_format(value, 0 if value >= 10 else 1)}\u00a0Mo"


def display_name(upload):
    """The name the submitter gave the file, safe to show and store."""
    name = PurePath(str(upload.name or "")).name[:150]
    return get_valid_filename(name) if name.strip(". ") else _("fichier")


def check_sizes(uploads):
    """Reject too many files, a file over the limit, or too much in total (French messages)."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            _("Vous pouvez joindre au plus %(max)s fichiers (vous en avez choisi %(count)s).")
            % {"max": MAX_FILES, "count": len(uploads)},
            code="too_many",
        )
    errors = [
        ValidationError(
            _("« %(name)s » pèse %(size)s ; la limite est de %(max)s par fichier.")
            % {
                "name": display_name(upload),
                "size": megabytes(upload.size),
                "max": megabytes(MAX_FILE_SIZE),
            },
            code="file_too_large",
        )
        for upload in uploads
        if upload.size > MAX_FILE_SIZE
    ]
    if errors:
        raise ValidationError(errors)
    total = sum(upload.size for upload in uploads)
    if total > MAX_TOTAL_SIZE:
        raise ValidationError(
            _("Les fichiers pèsent %(size)s au total ; la limite est de %(max)s.")
            % {"size": megabytes(total), "max": megabytes(MAX_TOTAL_SIZE)},
            code="total_too_large",
        )


def clean_upload(upload):
    """Return a `CleanFile` for an accepted PDF or image, or raise a French `ValidationError`."""
    name = display_name(upload)
    upload.seek(0)
    data = upload.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise ValidationError(
            _("« %(name)s » dépasse %(max)s.") % {"name": name, "max": megabytes(MAX_FILE_SIZE)},
            code="file_too_large",
        )
    if not data:
        raise ValidationError(_("« %(name)s » est vide.") % {"name": name}, code="empty")
    if data.startswith(EXECUTABLE_SIGNATURES):
        raise ValidationError(
            _("« %(name)s » est un programme, pas un document : il est refusé.") % {"name": name},
            code="executable",
        )
    if data.startswith(PDF_SIGNATURE):
        return clean_pdf(name, data)
    return clean_image(name, data)


def clean_pdf(name, data):
    if HTML_MARKUP.search(data):
        raise ValidationError(
            _("« %(name)s » contient aussi une page web : il est refusé.") % {"name": name},
            code="html_pdf",
        )
    result = pdf_verdict(data)
    if result == pdfcheck.CLEAN:
        return CleanFile(name, data, "pdf", "application/pdf")
    refusals = {
        pdfcheck.ACTIVE: (
            _(
                "« %(name)s » contient du contenu actif (JavaScript, formulaire, action "
                "automatique, fichier joint ou lancement de programme). Enregistrez-le à nouveau "
                "avec « Imprimer en PDF »."
            ),
            "active_pdf",
        ),
        pdfcheck.DAMAGED: (_("« %(name)s » est un PDF incomplet ou abîmé."), "bad_pdf"),
        pdfcheck.ENCRYPTED: (
            _("« %(name)s » est protégé par un mot de passe : envoyez-le sans protection."),
            "encrypted_pdf",
        ),
    }
    no_verdict = (
        _(
            "« %(name)s » est un PDF trop lourd ou trop complexe pour être vérifié. "
            "Enregistrez-le à nouveau avec « Imprimer en PDF »."
        ),
        "complex_pdf",
    )
    message, code = refusals.get(result, no_verdict)
    raise ValidationError(message % {"name": name}, code=code)


def pdf_verdict(data):
    """What practices/census/pdfcheck.py says of `data`, run in a child process of its own
    (isolated Python, empty environment); None when it gave no verdict: killed by its memory or
    CPU limit, crashed, or still running after PDF_CHECK_TIMEOUT seconds."""
    try:
        finished = subprocess.run(  # noqa: S603 (this interpreter, a file of this project)
            [sys.executable, "-I", PDFCHECK],
            input=data,
            capture_output=True,
            timeout=PDF_CHECK_TIMEOUT,
            env={},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    return finished.stdout.decode(errors="replace").strip() or None


def clean_image(name, data):
    """Open with Pillow under a pixel budget, verify, then re-encode to a metadata-free file."""
    refused = ValidationError(
        _("« %(name)s » n'est ni un PDF ni une image JPEG, PNG ou WebP lisible.") % {"name": name},
        code="bad_type",
    )
    too_big = ValidationError(
        _("« %(name)s » est une image trop grande (plus de %(max)s millions de pixels).")
        % {"name": name, "max": MAX_IMAGE_PIXELS // 1_000_000},
        code="image_too_large",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise refused
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise too_big
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return reencode(name, image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_big from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise refused from None


def reencode(name, image):
    """Only the pixels survive: orientation applied, then saved without EXIF, ICC or comments."""
    extension, content_type = IMAGE_FORMATS[image.format]
    image_format = image.format
    upright = ImageOps.exif_transpose(image)
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    elif upright.mode not in ("RGB", "RGBA", "L", "LA"):
        upright = upright.convert("RGBA")
    pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 88, "optimize": True}, "WEBP": {"quality": 88}}
    pixels.save(buffer, format=image_format, **options.get(image_format, {}))
    return CleanFile(name, buffer.getvalue(), extension, content_type)
