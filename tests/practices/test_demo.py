import pytest
from django.core.management import call_command

from practices.models import Commune, PracticePage

pytestmark = pytest.mark.django_db


def test_demo_catalogue(client, demo_site):
    practices = PracticePage.objects.live()
    assert practices.count() >= 12
    assert all(practice.is_example for practice in practices)
    assert all(practice.title.startswith("Exemple") for practice in practices)
    assert Commune.objects.count() == 34
    bands = set(practices.values_list("commune__population_band", flat=True))
    assert len(bands) == 5
    assert practices.values("device_types").distinct().count() >= 10
    assert practices.filter(partners__slug="empreintes-citoyennes").count() == 2
    call_command("load_demo_content", verbosity=0)
    assert PracticePage.objects.count() == practices.count()
    for url in (
        "/bonnes-pratiques/",
        "/bonnes-pratiques/statistiques/",
        "/bonnes-pratiques/export/csv/",
        "/bonnes-pratiques/export/json/",
    ):
        assert client.get(url).status_code == 200
    for practice in practices:
        response = client.get(practice.url)
        assert response.status_code == 200
        assert "Exemple" in response.content.decode()


def test_catalogue_is_in_the_menu(client, demo_site):
    assert 'href="/bonnes-pratiques/"' in client.get("/").content.decode()
