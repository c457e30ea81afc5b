"""Admin login: a limit per address over all usernames, besides the per-username lockout."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("editors")]

ATTACKER = "203.0.113.66"
USERNAMES = ["redaction", "moderation", "presse", "admin", "contact", "accueil"]


@pytest.fixture
def editors():
    for username in USERNAMES:
        get_user_model().objects.create_superuser(
            username, f"{username}@example.org", f"bon-mot-de-passe-{username}"
        )


def login(client, username, password, ip=ATTACKER):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@override_settings(AXES_ENABLED=True)
def test_one_address_spraying_passwords_over_many_usernames_is_locked_out(client):
    # 4 failures for each of 5 usernames: never 5 for one, but 20 for the address; the 20th
    # locks the address out.
    statuses = [
        login(client, username, "Printemps2026!").status_code
        for username in USERNAMES[:5]
        for _ in range(4)
    ]
    assert statuses == [200] * 19 + [429]
    response = login(client, "accueil", "bon-mot-de-passe-accueil")
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Other addresses are not concerned.
    response = login(client, "accueil", "bon-mot-de-passe-accueil", ip="198.51.100.20")
    assert response.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_username_locked_from_an_address_leaves_the_other_usernames_of_that_address(client):
    for _ in range(5):
        login(client, "redaction", "mauvais")
    assert login(client, "redaction", "bon-mot-de-passe-redaction").status_code == 429

    response = login(client, "presse", "bon-mot-de-passe-presse")
    assert response.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_under_the_address_limit_every_username_can_still_log_in(client):
    for username in USERNAMES[:4]:
        for _ in range(4):
            login(client, username, "mauvais")
    # 16 failures from the address, under its 20.
    assert login(client, "accueil", "bon-mot-de-passe-accueil").status_code == 302
