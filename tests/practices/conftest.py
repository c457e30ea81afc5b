import io

import pytest
from django.core.management import call_command
from wagtail.models import Site

from home.models import HomePage
from practices.models import Commune
from tests.factories.practices import CommuneFactory, PracticeIndexPageFactory

SAMPLE = "practices/data/communes_nord_sample.csv"


@pytest.fixture
def site_home(db):
    """A bare home page as the default site's root (no demo content)."""
    site = Site.objects.get(is_default_site=True)
    home = HomePage(title="Accueil", slug="accueil-test")
    site.root_page.get_parent().add_child(instance=home)
    site.root_page = home
    site.save()
    Site.clear_site_root_paths_cache()
    return home


@pytest.fixture
def index(site_home):
    return PracticeIndexPageFactory(parent=site_home)


@pytest.fixture
def communes(db):
    call_command("import_communes", SAMPLE, stdout=io.StringIO())
    return {commune.insee_code: commune for commune in Commune.objects.all()}


@pytest.fixture
def small_commune(db):
    return CommuneFactory(insee_code="59901", name="Petit-Village", population=400)
