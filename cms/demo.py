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


def placeholder_image(title, text, alt_text, background="#123f7a", size=(480, 240)):
    """A generated placeholder image (never copied artwork), created once per title."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=max(18, size[1] // 8))
    box = draw.multiline_textbbox((0, 0), text, font=font, align="center")
    position = ((size[0] - box[2]) / 2, (size[1] - box[3]) / 2)
    draw.multiline_text(position, text, fill="#ffffff", font=font, align="center")
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    filename = f"{title.lower().replace(' ', '-')}.png"
    image = image_model(title=title, description=alt_text)
    image.file = ImageFile(buffer, name=filename)
    image.save()
    return image
