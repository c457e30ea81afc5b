import pytest
import vobject
from django.urls import reverse

from press.vcards import build_vcard, fold, sign_inline_contact, split_name
from tests.factories.press_contacts import PressContactFactory

SEED_CONTACT = {
    "name": "Baptiste Ménard",
    "role": "Porte-parole",
    "organisation": "La participation citoyenne, cœur de nos communes",
    "email": "baptiste.menard@aol.com",
    "phone": "06.21.17.64.69",
}


def test_vcard_has_every_field_and_parses_with_vobject():
    text = build_vcard(SEED_CONTACT)
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    card = vobject.readOne(text)
    assert card.fn.value == "Baptiste Ménard"
    assert (card.n.value.family, card.n.value.given) == ("Ménard", "Baptiste")
    assert card.org.value == ["La participation citoyenne, cœur de nos communes"]
    assert card.title.value == "Porte-parole"
    assert card.email.value == "baptiste.menard@aol.com"
    assert card.tel.value == "tel:+33621176469"
    assert 'TEL;VALUE=uri;TYPE="work,cell":tel:+33621176469\r\n' in text


def test_special_characters_are_escaped():
    text = build_vcard({"name": "Zoé Test", "role": "Élue; adjointe, déléguée\\ville\nNord"})
    assert "TITLE:Élue\\; adjointe\\, déléguée\\\\ville\\nNord\r\n" in text
    assert vobject.readOne(text).title.value == "Élue; adjointe, déléguée\\ville\nNord"


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    organisation = "Association œuvrant en faveur de la citoyenneté " * 4
    text = build_vcard({"name": "Zoé Test", "organisation": organisation})
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    assert vobject.readOne(text).org.value == [organisation.strip()]


def test_fold_keeps_multibyte_characters_whole():
    folded = fold("ORG:" + "é" * 80)
    for piece in folded.split("\r\n"):
        piece.encode().decode()  # every piece is valid UTF-8 on its own
        assert len(piece.encode()) <= 75


def test_unreadable_phone_stays_text():
    text = build_vcard({"name": "Zoé Test", "phone": "standard, poste 12"})
    assert "TEL;VALUE=text;TYPE=work:standard\\, poste 12\r\n" in text
    assert "tel:" not in text


def test_landline_is_typed_voice():
    assert 'TYPE="work,voice":tel:+33320123456' in build_vcard(
        {"name": "Zoé Test", "phone": "03 20 12 34 56"}
    )


@pytest.mark.parametrize(
    ("full_name", "family", "given"),
    [
        ("Baptiste Ménard", "Ménard", "Baptiste"),
        ("Jean-Marc de La Tour", "de La Tour", "Jean-Marc"),
        ("MÉNARD Baptiste", "MÉNARD", "Baptiste"),
        ("Baptiste", "Baptiste", ""),
    ],
)
def test_split_name(full_name, family, given):
    assert split_name(full_name) == (family, given)


@pytest.mark.django_db
def test_snippet_vcard_download(client):
    contact = PressContactFactory(**SEED_CONTACT)
    url = reverse("press:contact_vcard", args=[contact.pk])
    assert url == f"/vcard/contact-{contact.pk}.vcf"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="baptiste-menard.vcf"'
    card = vobject.readOne(response.content.decode("utf-8"))
    assert card.fn.value == "Baptiste Ménard"
    assert card.tel.value == "tel:+33621176469"


@pytest.mark.django_db
def test_inactive_or_missing_snippet_contact_is_404(client):
    contact = PressContactFactory(is_active=False)
    assert client.get(reverse("press:contact_vcard", args=[contact.pk])).status_code == 404
    assert client.get("/vcard/contact-999999.vcf").status_code == 404
    assert client.get("/vcard/contact-abc.vcf").status_code == 404


@pytest.mark.django_db
def test_snippet_vcard_refuses_post(client):
    contact = PressContactFactory()
    assert client.post(reverse("press:contact_vcard", args=[contact.pk])).status_code == 405


@pytest.mark.django_db
def test_inline_contact_vcard_from_signed_token(client):
    inline = dict(SEED_CONTACT, name="Julien Goupil", organisation="Empreintes Citoyennes")
    url = reverse("press:inline_contact_vcard", args=[sign_inline_contact(inline)])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="julien-goupil.vcf"'
    card = vobject.readOne(response.content.decode("utf-8"))
    assert card.fn.value == "Julien Goupil"
    assert card.org.value == ["Empreintes Citoyennes"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    [
        "nimportequoi",
        "abc:def",
        "eyJuYW1lIjoiRmF1c3NhaXJlIn0:1xWLS8:pr-gSeMp0V_Pb6my69_KVe8rXoAdcf8mL6OVRJqaf94",
        "%3Cscript%3E",
        "x" * 10_000,
    ],
)
def test_forged_or_damaged_token_is_404(client, token):
    assert client.get(f"/vcard/contact-ponctuel/{token}.vcf").status_code == 404


@pytest.mark.django_db
def test_tampered_token_is_404(client):
    token = sign_inline_contact({"name": "Julien Goupil"})
    payload, rest = token.split(":", 1)
    forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + ":" + rest
    assert client.get(f"/vcard/contact-ponctuel/{forged}.vcf").status_code == 404


@pytest.mark.django_db
def test_token_signed_for_another_purpose_is_refused(client):
    from django.core import signing

    token = signing.dumps({"name": "Julien Goupil"})  # default salt, not the vCard one
    assert client.get(f"/vcard/contact-ponctuel/{token}.vcf").status_code == 404


@pytest.mark.django_db
def test_signed_payload_with_unexpected_shape_is_refused(client):
    from django.core import signing

    from press.vcards import INLINE_SALT

    for payload in (["Julien"], {"name": ""}, {"name": "J", "admin": "1"}, {"name": 3}):
        token = signing.dumps(payload, salt=INLINE_SALT, compress=True)
        assert client.get(f"/vcard/contact-ponctuel/{token}.vcf").status_code == 404
