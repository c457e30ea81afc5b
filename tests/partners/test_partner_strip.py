import re
from datetime import date

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from partners.templatetags.partners_tags import STRIP_SIZE
from tests.factories.partners import PartnerPageFactory

pytestmark = pytest.mark.django_db


def strip_html(request):
    template = Template("{% load partners_tags %}{% partner_strip %}")
    return template.render(Context({"request": request}))


def test_home_page_strip_links_each_logo_to_its_profile(client, partner_index):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    (strip,) = re.findall(r'<section class="partner-strip".*?</section>', html, re.S)
    assert '<h2 id="partner-strip-title">Nos partenaires</h2>' in strip
    links = re.findall(r'<a href="([^"]+)"><picture>(.*?)</picture>', strip, re.S)
    assert [href for href, _ in links] == [
        "/partenaires/empreintes-citoyennes/",
        "/partenaires/consultvox/",
    ]
    for (_, picture), name in zip(links, ["Empreintes Citoyennes", "ConsultVox"], strict=True):
        assert 'type="image/avif"' in picture
        assert 'type="image/webp"' in picture
        (img,) = re.findall(r"<img [^>]*>", picture)
        assert f'alt="{name}"' in img  # the link's accessible name
        assert re.search(r'width="\d+"', img)
        assert re.search(r'height="\d+"', img)
        assert 'loading="lazy"' in img
        assert re.search(r'src="[^"]+\.png"', img)
    assert '<a href="/partenaires/">Tous nos partenaires</a>' in strip


def test_partner_without_logo_is_named_in_text(rf, partner_index):
    PartnerPageFactory(parent=partner_index, title="Sans logo", logo=None)
    html = strip_html(rf.get("/"))
    assert re.search(r'<a href="/partenaires/sans-logo/">Sans logo</a>', html)


def test_strip_is_absent_without_partners(rf, partner_index):
    for partner in partner_index.get_children():
        partner.unpublish()
    assert "partner-strip" not in strip_html(rf.get("/"))


def test_strip_query_count_does_not_grow(rf, partner_index, django_assert_num_queries):
    PartnerPageFactory(parent=partner_index)
    strip_html(rf.get("/"))  # first view generates the new logo's renditions
    with CaptureQueriesContext(connection) as queries:
        html = strip_html(rf.get("/"))
    assert html.count("<picture>") == 3

    for _ in range(12):
        PartnerPageFactory(parent=partner_index)
    strip_html(rf.get("/"))
    with django_assert_num_queries(len(queries)):
        html = strip_html(rf.get("/"))
    assert html.count("<picture>") == STRIP_SIZE


def test_strip_shows_the_newest_partnerships_and_links_to_all(rf, partner_index):
    for day in range(1, STRIP_SIZE + 2):
        PartnerPageFactory(
            parent=partner_index, title=f"Nouveau {day}", partner_since=date(2030, 1, day)
        )
    html = strip_html(rf.get("/"))
    names = re.findall(r'alt="([^"]+)"', html)
    assert names == [f"Nouveau {day}" for day in range(STRIP_SIZE + 1, 1, -1)]
    assert '<a href="/partenaires/">Tous nos partenaires</a>' in html
