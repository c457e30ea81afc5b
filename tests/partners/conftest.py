import pytest
from wagtail.models import Site

from home import demo as home_demo
from partners import demo as partners_demo
from partners.models import PartnerIndexPage


@pytest.fixture(scope="session")
def partners_snapshot(django_db_setup, django_db_blocker):
    """The home page and the partners' demo content, loaded once per session."""
    from tests import snapshots

    with django_db_blocker.unblock():
        return snapshots.build("partners", lambda: (home_demo.load(), partners_demo.load()))


@pytest.fixture
def partner_index(partners_snapshot, db):
    """The demo partner index (/partenaires/) and its two demo partners, without the other
    sections' demo content (tests needing the whole site use `demo_site`)."""
    partners_snapshot.apply()
    index = PartnerIndexPage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == index.get_parent().pk
    return index


@pytest.fixture
def home_page(partner_index):
    return partner_index.get_parent().specific


@pytest.fixture
def press_index(home_page):
    from tests.factories.press import PressIndexPageFactory

    return PressIndexPageFactory(parent=home_page)


@pytest.fixture
def practice_index(home_page):
    from tests.factories.practices import PracticeIndexPageFactory

    return PracticeIndexPageFactory(parent=home_page)


@pytest.fixture
def empreintes(partner_index):
    from partners.models import PartnerPage

    return PartnerPage.objects.get(slug="empreintes-citoyennes")
