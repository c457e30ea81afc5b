"""Front-end images: responsive renditions (AVIF and WebP with a JPEG fallback), explicit
dimensions, the lead image fetched first, the others loaded lazily."""

import re

import pytest
from wagtail_factories import ImageFactory

from press.models import PressIndexPage
from tests.factories.press import PressReleasePageFactory

pytestmark = pytest.mark.django_db


def pictures(html):
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def img(picture):
    return re.search(r"<img [^>]*>", picture).group(0)


def test_a_release_page_lead_image_first_cards_lazily(client, demo_site):
    press_index = PressIndexPage.objects.get()
    # Large enough for every rendition's width: a srcset offers each width once.
    lead = ImageFactory(description="Élus réunis en mairie", file__width=1600, file__height=900)
    card = ImageFactory(description="Atelier citoyen", file__width=1600, file__height=900)
    PressReleasePageFactory(parent=press_index, topics=["Ornithologie"], lead_image=card)
    release = PressReleasePageFactory(parent=press_index, topics=["Ornithologie"], lead_image=lead)

    html = client.get(release.url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    found = pictures(main)
    assert len(found) == 2  # the lead image, then the related release's card

    for picture in found:
        assert re.search(r'<source [^>]*type="image/avif"', picture)
        assert re.search(r'<source [^>]*type="image/webp"', picture)
        assert ".jpg " in img(picture)  # the fallback
        tag = img(picture)
        assert re.search(r'width="\d+"', tag) and re.search(r'height="\d+"', tag)
        assert re.search(r'alt="[^"]+"', tag)
    lead_tag, card_tag = (img(picture) for picture in found)
    assert 'fetchpriority="high"' in lead_tag and 'loading="lazy"' not in lead_tag
    assert 'alt="Élus réunis en mairie"' in lead_tag
    assert 'loading="lazy"' in card_tag and "fetchpriority" not in card_tag
