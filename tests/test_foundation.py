import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_french_and_named(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "La participation citoyenne, cœur de nos communes" in html
    assert 'href="#contenu"' in html


def test_demo_content_is_idempotent(demo_site):
    from django.core.management import call_command
    from wagtail.models import Page

    before = Page.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert Page.objects.count() == before


@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt", "/recherche/?q=citoyenne"])
def test_seo_endpoints_answer(client, demo_site, path):
    assert client.get(path).status_code == 200


def test_robots_points_to_sitemap(client, demo_site):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_unknown_url_gets_custom_404(client, demo_site):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "' OR 1=1; --",
        "<script>alert(1)</script>",
        "citoy\x00enne",
        "",
        '"',
        'a "b',
        "NEAR(a b) * ^ : -",
    ],
)
def test_search_survives_bad_input(client, demo_site, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code in (200, 400)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_takes_the_last_of_repeated_queries(client, demo_site):
    response = client.get("/recherche/?q=zzz&q=collectif")
    assert response.status_code == 200
    assert "Le collectif" in response.content.decode()


@pytest.mark.skipif(
    not settings.IS_POSTGRES, reason="French stemming needs PostgreSQL's text search"
)
def test_search_stems_french_words_on_postgres(client, demo_site):
    from home.models import StandardPage

    home = demo_site.root_page
    page = StandardPage(title="Un accord", slug="un-accord", intro="Un nouveau partenariat.")
    home.add_child(instance=page)
    page.save_revision().publish()

    response = client.get(reverse("search"), {"q": "partenariats"})

    assert 'href="/un-accord/"' in response.content.decode()


def test_the_migrated_database_reloads_into_an_empty_one(transactional_db):
    """What a serialized rollback does after a test that emptied the database, in a process
    that has not looked up every content type yet: nothing is created twice."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Task

    serialized = connection.creation.serialize_db_to_string()
    tasks = list(Task.objects.order_by("pk").values_list("pk", "content_type__model"))
    # As a transactional test's teardown empties it: the sequences go on.
    call_command(
        "flush", interactive=False, reset_sequences=False, inhibit_post_migrate=True, verbosity=0
    )
    ContentType.objects.clear_cache()

    connection.creation.deserialize_db_from_string(serialized)

    assert tasks
    assert list(Task.objects.order_by("pk").values_list("pk", "content_type__model")) == tasks
