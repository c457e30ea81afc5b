import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from cms.models import SiteSettings
from tests.factories.home import HomePageFactory
from tests.factories.practices import CommuneFactory, PracticeIndexPageFactory


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Each test stores its attachments in its own directory, and starts with a fresh cache."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    cache.clear()
    yield root
    cache.clear()


@pytest.fixture
def site(db):
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="accueil")
    site = Site.objects.filter(is_default_site=True).first()
    site.root_page = home
    site.save()
    SiteSettings.objects.update_or_create(
        site=site, defaults={"staff_email": "equipe@coeur.example"}
    )
    return site


@pytest.fixture
def catalogue(site):
    return PracticeIndexPageFactory(parent=site.root_page)


@pytest.fixture
def lille(db):
    return CommuneFactory(insee_code="59350", name="Lille", population=236_234)


@pytest.fixture
def stored_files(private_root):
    def list_files():
        return [path for path in private_root.rglob("*") if path.is_file()]

    return list_files
