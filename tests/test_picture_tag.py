"""`{% picture %}`: a srcset never offers two candidates of the same width (an HTML validation
error), which an image narrower than the largest rendition would give."""

import re

import pytest
from django.template import Context, Template
from wagtail_factories import ImageFactory

pytestmark = pytest.mark.django_db


def render(image, spec):
    template = Template("{% load picture_tags %}{% picture image " + spec + " %}")
    return template.render(Context({"image": image}))


def srcset_widths(html):
    return [
        [int(width) for width in re.findall(r" (\d+)w", srcset)]
        for srcset in re.findall(r'srcset="([^"]*)"', html)
    ]


def test_a_narrow_image_offers_each_width_once():
    narrow = ImageFactory(file__width=600, file__height=400)  # width-960 and -1440: 600 too
    html = render(narrow, 'format-{avif,webp,jpeg} width-{480,960,1440} sizes="50vw"')
    assert srcset_widths(html) == [[480, 600]] * 3
    assert html.count('sizes="50vw"') == 3


def test_an_image_narrower_than_every_rendition_has_one_candidate():
    tiny = ImageFactory(file__width=300, file__height=200)
    html = render(tiny, 'format-{webp,jpeg} width-{480,960} sizes="50vw"')
    assert html.count(".webp") == 1 and html.count(".jpg") == 1
    assert srcset_widths(html) == [[]]  # the WebP source's one URL, no width descriptor
    assert "sizes=" not in html  # nothing to choose from: sizes without widths is invalid


def test_a_large_image_keeps_every_width():
    large = ImageFactory(file__width=2000, file__height=1000)
    html = render(large, "format-{webp,jpeg} width-{480,960,1440}")
    assert srcset_widths(html) == [[480, 960, 1440]] * 2
