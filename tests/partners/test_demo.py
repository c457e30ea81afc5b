import datetime

import pytest
from wagtail.images import get_image_model

from partners import demo
from partners.models import PartnerContribution, PartnerKind, PartnerPage
from press.models import PressContact

pytestmark = pytest.mark.django_db


def test_demo_partners_match_the_release(partner_index):
    assert partner_index.slug == "partenaires"
    assert partner_index.show_in_menus
    empreintes = PartnerPage.objects.get(slug="empreintes-citoyennes")
    assert empreintes.kind == PartnerKind.ASSOCIATION
    assert empreintes.partner_since == datetime.date(2023, 11, 23)
    assert empreintes.descriptor == "Association qui œuvre en faveur de la citoyenneté"
    assert empreintes.scope.startswith("renfort technique dans le traitement des données")
    assert empreintes.contact.email == "julien.goupil@empreintes-citoyennes.fr"
    assert empreintes.contributions.count() == 3
    assert all(
        ".example.org/" in contribution.url for contribution in empreintes.contributions.all()
    )
    consultvox = PartnerPage.objects.get(slug="consultvox")
    assert consultvox.kind == PartnerKind.COMPANY
    assert consultvox.partner_since is None
    assert "avant novembre 2023" in consultvox.summary
    for partner in (empreintes, consultvox):
        assert partner.live
        assert partner.logo.description  # alt text


def test_demo_is_idempotent(partner_index):
    counts = (
        PartnerPage.objects.count(),
        PartnerContribution.objects.count(),
        PressContact.objects.count(),
        get_image_model().objects.count(),
    )
    assert demo.load().pk == partner_index.pk
    assert (
        PartnerPage.objects.count(),
        PartnerContribution.objects.count(),
        PressContact.objects.count(),
        get_image_model().objects.count(),
    ) == counts
