import pytest
from wagtail.models import Page

from home.models import HomePage, StandardPage
from partners.models import PartnerIndexPage, PartnerPage

pytestmark = pytest.mark.django_db


def test_partner_pages_live_only_under_the_partner_index(partner_index, home_page):
    assert PartnerPage.allowed_parent_page_models() == [PartnerIndexPage]
    assert PartnerPage.can_create_at(partner_index)
    assert not PartnerPage.can_create_at(home_page)
    assert not PartnerPage.can_create_at(StandardPage.objects.first())


def test_partner_pages_have_no_children(partner_index):
    partner = PartnerPage.objects.first()
    assert PartnerPage.allowed_subpage_models() == []
    assert not StandardPage.can_create_at(partner)


def test_partner_index_lives_only_under_the_home_page(partner_index):
    assert PartnerIndexPage.allowed_parent_page_models() == [HomePage]
    assert not PartnerIndexPage.can_create_at(StandardPage.objects.first())


def test_only_one_partner_index(partner_index, home_page):
    assert PartnerIndexPage.objects.count() == 1
    assert not PartnerIndexPage.can_create_at(home_page)


def test_index_can_be_created_under_a_home_page_when_there_is_none(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug="accueil-test"))
    assert PartnerIndexPage.can_create_at(home)
