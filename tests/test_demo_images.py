"""The demo's generated placeholder images: accented letters drawn (not the missing-glyph box)
and the text kept inside the image."""

import pytest
from PIL import Image

from cms.demo import placeholder_font, placeholder_image

pytestmark = pytest.mark.django_db

MISSING = "\uffff"  # a noncharacter: every font draws its missing-glyph box for it


@pytest.mark.parametrize("letter", "éèêàçœÉ")
def test_the_font_draws_accented_letters(letter):
    font = placeholder_font(30)
    assert font.getmask(letter).getbbox() != font.getmask(MISSING).getbbox()
    assert bytes(font.getmask(letter)) != bytes(font.getmask(MISSING))


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("Plateforme numérique\n(exemple)", (480, 240)),
        ("Démocratie participative et délibérative dans les communes rurales", (480, 240)),
        ("EMPREINTES\nCITOYENNES", (480, 240)),
        ("Un guide du budget participatif pour les petites communes", (960, 540)),
        ("Anticonstitutionnellement", (240, 120)),
    ],
)
def test_the_text_stays_inside_the_image(text, size):
    background = (18, 63, 122)
    image = placeholder_image(f"Essai {text[:20]} {size}", text, "Essai", size=size)
    with image.open_file() as file:
        pixels = Image.open(file).convert("RGB")
    margin = size[0] // 20
    edges = [
        pixels.getpixel((x, y))
        for y in range(size[1])
        for x in [*range(margin), *range(size[0] - margin, size[0])]
    ]
    assert set(edges) == {background}
    assert len(pixels.getcolors(maxcolors=size[0] * size[1])) > 1  # the text is drawn
