import re

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext

from press.models import PressContact
from tests.factories.press_contacts import PressContactFactory

pytestmark = pytest.mark.django_db

JULIEN = {
    "name": "Julien Goupil",
    "role": "Président",
    "organisation": "Empreintes Citoyennes",
    "email": "julien.goupil@empreintes-citoyennes.fr",
    "phone": "+33 6 12 34 56 78",
}


def test_block_renders_snippet_and_inline_contacts_as_cards(client, page_with_contacts):
    baptiste = PressContactFactory(
        name="Baptiste Ménard",
        role="Porte-parole",
        organisation="Cœur de nos communes",
        email="baptiste.menard@aol.com",
        phone="06.21.17.64.69",
    )
    page = page_with_contacts([baptiste], [JULIEN])
    html = client.get(page.url).content.decode()

    assert html.count('class="press-contact h-card"') == 2
    assert '<h2 id="contacts-presse">Contacts presse</h2>' in html
    assert '<h3 class="press-contact__name p-name">Baptiste Ménard</h3>' in html
    assert 'href="mailto:baptiste.menard@aol.com"' in html
    assert '<a class="p-tel" href="tel:+33621176469">06 21 17 64 69</a>' in html
    assert '<a class="p-tel" href="tel:+33612345678">06 12 34 56 78</a>' in html
    assert f'href="/vcard/contact-{baptiste.pk}.vcf"' in html
    assert (
        'Ajouter <span class="visually-hidden">Baptiste Ménard </span>à mes contacts (vCard)'
        in html
    )
    assert (
        'Ajouter <span class="visually-hidden">Julien Goupil </span>à mes contacts (vCard)' in html
    )


def test_every_vcard_link_of_the_block_downloads_a_parsable_card(client, page_with_contacts):
    baptiste = PressContactFactory(name="Baptiste Ménard")
    page = page_with_contacts([baptiste], [JULIEN])
    html = client.get(page.url).content.decode()
    urls = re.findall(r'href="(/vcard/[^"]+)"', html)
    assert len(urls) == 2
    names = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        names.append(vobject.readOne(response.content.decode()).fn.value)
    assert names == ["Baptiste Ménard", "Julien Goupil"]


def test_unreadable_phone_is_shown_without_a_link(client, page_with_contacts):
    page = page_with_contacts([], [dict(JULIEN, phone="standard, poste 12")])
    html = client.get(page.url).content.decode()
    assert '<span class="p-tel">standard, poste 12</span>' in html
    assert 'href="tel:' not in html


def test_inactive_and_deleted_contacts_are_not_shown(client, page_with_contacts):
    active = PressContactFactory(name="Active Personne")
    inactive = PressContactFactory(name="Ancienne Personne", is_active=False)
    deleted = PressContactFactory(name="Supprimée Personne")
    page = page_with_contacts([active, inactive, deleted])
    PressContact.objects.filter(pk=deleted.pk).delete()
    html = client.get(page.url).content.decode()
    assert "Active Personne" in html
    assert "Ancienne Personne" not in html
    assert "Supprimée Personne" not in html


def test_block_with_only_inactive_contacts_renders_nothing(client, page_with_contacts):
    page = page_with_contacts([PressContactFactory(is_active=False)])
    assert 'class="press-contacts"' not in client.get(page.url).content.decode()


def test_photo_rendition_has_alt_text(client, page_with_contacts):
    contact = PressContactFactory(name="Baptiste Ménard", with_photo=True)
    contact.photo.description = "Baptiste Ménard, souriant"
    contact.photo.save()
    html = client.get(page_with_contacts([contact]).url).content.decode()
    img = re.search(r'<img[^>]+class="press-contact__photo[^>]*>', html)[0]
    assert 'alt="Baptiste Ménard, souriant"' in img
    assert 'width="96"' in img and 'height="96"' in img
    assert 'type="image/avif"' in html


def test_contact_fields_are_escaped(client, page_with_contacts):
    page = page_with_contacts([], [dict(JULIEN, name="<script>alert(1)</script>")])
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def _contacts_page(client, page_with_contacts, size, slug):
    contacts = [PressContactFactory(with_photo=True) for _ in range(size)]
    page = page_with_contacts(contacts, [JULIEN] * size, slug=slug)
    assert client.get(page.url).status_code == 200  # creates the renditions once
    return page


def test_block_query_count_does_not_grow_with_contacts(
    client, page_with_contacts, django_assert_num_queries
):
    small = _contacts_page(client, page_with_contacts, 2, "petit")
    large = _contacts_page(client, page_with_contacts, 6, "grand")
    with CaptureQueriesContext(connection) as baseline:
        client.get(small.url)
    with django_assert_num_queries(len(baseline)):
        html = client.get(large.url).content.decode()
    assert html.count('class="press-contact h-card"') == 12


@pytest.fixture
def press_index(site_home):
    from press.models import PressIndexPage

    index = PressIndexPage(title="Espace presse", slug="presse")
    site_home.add_child(instance=index)
    return index


def _contacts_page_html(client, press_index):
    response = client.get(f"{press_index.url}contacts/")
    assert response.status_code == 200
    return response.content.decode()


def test_press_contacts_page_lists_active_contacts(client, press_index):
    PressContactFactory(name="Baptiste Ménard", phone="06.21.17.64.69")
    PressContactFactory(name="Ancienne Personne", is_active=False)
    html = _contacts_page_html(client, press_index)
    assert html.count("<h1") == 1
    assert "<h1>Contacts presse</h1>" in html
    assert '<h2 class="press-contact__name p-name">Baptiste Ménard</h2>' in html
    assert "Ancienne Personne" not in html
    assert 'href="tel:+33621176469"' in html
    assert f'href="{press_index.url}"' in html
    assert 'rel="canonical" href="http://testserver/presse/contacts/"' in html


def test_press_contacts_page_lists_the_contacts_by_name_a_page_at_a_time(client, press_index):
    from press.models import CONTACTS_PER_PAGE

    for number in range(CONTACTS_PER_PAGE + 1):
        PressContactFactory(name=f"Contact {number:02d}")
    first = _contacts_page_html(client, press_index)
    names = re.findall(r'<h2 class="press-contact__name p-name">([^<]+)</h2>', first)
    assert names == [f"Contact {number:02d}" for number in range(CONTACTS_PER_PAGE)]
    assert '<nav class="pagination" aria-label="Pagination">' in first
    assert '<span aria-current="page">Page 1 sur 2</span>' in first
    assert 'href="?page=2" rel="next"' in first
    assert 'rel="canonical" href="http://testserver/presse/contacts/"' in first

    second = client.get(f"{press_index.url}contacts/?page=2").content.decode()
    names = re.findall(r'<h2 class="press-contact__name p-name">([^<]+)</h2>', second)
    assert names == [f"Contact {CONTACTS_PER_PAGE:02d}"]
    assert 'rel="prev"' in second
    assert "<title>Contacts presse — page 2 — " in second
    assert 'rel="canonical" href="http://testserver/presse/contacts/?page=2"' in second


@pytest.mark.parametrize(("page", "status"), [("abc", 200), ("0", 200), ("2", 404)])
def test_press_contacts_page_number(client, press_index, page, status):
    PressContactFactory(name="Baptiste Ménard")
    response = client.get(f"{press_index.url}contacts/?page={page}")
    assert response.status_code == status


def test_press_contacts_page_without_contacts(client, press_index):
    assert "Aucun contact presse" in _contacts_page_html(client, press_index)


def test_press_contacts_page_query_count(client, press_index, django_assert_num_queries):
    PressContactFactory.create_batch(2, with_photo=True)
    # Twice: the first request of a new site creates its settings row, a site-wide change
    # that renews what the processes keep (cms/sitewide.py).
    _contacts_page_html(client, press_index)
    _contacts_page_html(client, press_index)
    with CaptureQueriesContext(connection) as baseline:
        _contacts_page_html(client, press_index)
    queries_with_two = len(baseline)  # read now: the next request resets the log
    PressContactFactory.create_batch(6, with_photo=True)
    _contacts_page_html(client, press_index)  # creates the new renditions
    with django_assert_num_queries(queries_with_two):
        html = _contacts_page_html(client, press_index)
    assert html.count('class="press-contact h-card"') == 8


def test_block_preview_value_renders_a_contact_card():
    from press.blocks import PressContactsBlock

    block = PressContactsBlock()
    html = block.render(block.get_preview_value())
    assert '<a class="p-tel" href="tel:+33320000000">03 20 00 00 00</a>' in html
    assert "/vcard/contact-ponctuel/" in html


def test_seed_release_contacts_have_working_links_and_vcards(client, demo_site):
    html = client.get("/presse/une-impulsion-amplifiee/").content.decode()
    assert 'href="mailto:baptiste.menard@aol.com"' in html
    assert '<a class="p-tel" href="tel:+33621176469">06 21 17 64 69</a>' in html
    assert 'href="mailto:julien.goupil@empreintes-citoyennes.fr"' in html
    urls = re.findall(r'href="(/vcard/[^"]+)"', html)
    names = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/vcard; charset=utf-8"
        names.add(vobject.readOne(response.content.decode()).fn.value)
    assert names == {"Baptiste Ménard", "Julien Goupil"}
