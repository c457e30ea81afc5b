"""Small helpers shared by each app's `demo.py`, which together build the demo content."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Site


def home_page():
    """The default site's root page, which the home app's loader creates first."""
    return Site.objects.get(is_default_site=True).root_page.specific


def get_or_create_page(parent, model, slug, **fields):
    """Return the live child `slug` of `parent`, creating and publishing it the first time."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def placeholder_image(
    title, text, alt_text, background="#123f7a", size=(480, 240), image_format="PNG"
):
    """A generated placeholder image (never copied artwork), created once per title; a PNG,
    or a JPEG standing for a photo."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(canvas)
    margin = size[0] // 10
    text, font = fitted_text(draw, text, (size[0] - 2 * margin, size[1] - 2 * margin))
    centre = (size[0] / 2, size[1] / 2)
    draw.multiline_text(centre, text, fill="#ffffff", font=font, anchor="mm", align="center")
    buffer = io.BytesIO()
    canvas.save(buffer, format=image_format)
    filename = f"{title.lower().replace(' ', '-')}.{image_format.lower()}"
    # Its size known from the start, as an upload's is: Wagtail would save it at its first
    # display otherwise (a write, and a site-wide change for the page cache, on a GET).
    image = image_model(title=title, description=alt_text, file_size=buffer.getbuffer().nbytes)
    image.file = ImageFile(buffer, name=filename)
    image.save()
    return image


# DejaVu (Debian's fonts-dejavu-core) draws every French letter; Pillow's built-in font, the
# fallback where it is missing, has no accented letters.
FONT_FILES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")


def placeholder_font(size):
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)  # Pillow looks in the system's font folders
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def fitted_text(draw, text, box):
    """`text` wrapped between words, and the font of the largest size (from a fifth of the box's
    height down) at which it fits in `box` (width, height)."""
    width, height = box
    size = max(12, height // 5)
    while True:
        font = placeholder_font(size)
        wrapped = wrap(draw, text, font, width)
        left, top, right, bottom = draw.multiline_textbbox((0, 0), wrapped, font=font)
        if (right - left <= width and bottom - top <= height) or size <= 8:
            return wrapped, font
        size -= 2


def wrap(draw, text, font, width):
    """Each line of `text` broken between words where it is wider than `width`."""
    lines = []
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and draw.textlength(candidate, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)
