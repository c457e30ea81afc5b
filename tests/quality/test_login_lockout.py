"""Brute-force protection of the admin login (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser(
        "redaction", "redaction@example.org", "le-bon-mot-de-passe"
    )


def login(client, password, ip="203.0.113.7"):
    return client.post(LOGIN_URL, {"username": "redaction", "password": password}, REMOTE_ADDR=ip)


@override_settings(AXES_ENABLED=True)
def test_five_failures_lock_the_account_out_even_with_the_right_password(client, editor):
    for _ in range(4):
        response = login(client, "mauvais")
        assert response.status_code == 200  # the login form again, with its error
    response = login(client, "mauvais")
    assert response.status_code == 429

    response = login(client, "le-bon-mot-de-passe")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion temporairement bloquée" in html
    assert "pendant 15 minutes" in html
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="redaction").failures_since_start >= 5


@override_settings(AXES_ENABLED=True)
def test_lockout_is_keyed_on_username_and_ip_address(client, editor):
    for _ in range(5):
        login(client, "mauvais")
    response = login(client, "le-bon-mot-de-passe", ip="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@override_settings(AXES_ENABLED=True)
def test_a_successful_login_resets_the_failure_count(client, editor):
    for _ in range(4):
        login(client, "mauvais")
    assert login(client, "le-bon-mot-de-passe").status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "mauvais").status_code == 200
    assert login(client, "le-bon-mot-de-passe").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_ip_behind_a_proxy_ignores_forged_forwarded_addresses(rf):
    from cms.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "203.0.113.7"
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert client_ip(request) == "10.0.0.1"
