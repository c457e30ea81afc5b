"""Security headers on public pages, the admin and uploaded documents; production settings."""

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db
User = get_user_model()


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


def assert_public_security_headers(response):
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["default-src"] == {"'self'"}
    assert csp["script-src"] == {"'self'"}
    assert csp["style-src"] == {"'self'"}
    assert csp["img-src"] == {"'self'", "data:"}
    assert csp["object-src"] == {"'none'"}
    assert csp["base-uri"] == {"'self'"}
    assert csp["form-action"] == {"'self'"}
    assert csp["frame-ancestors"] == {"'none'"}
    assert "https://www.youtube.com" in csp["frame-src"]
    assert "https://player.vimeo.com" in csp["frame-src"]
    assert "https://www.dailymotion.com" in csp["frame-src"]
    assert not any("unsafe" in value for values in csp.values() for value in values)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_public_page_sends_every_security_header(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    assert_public_security_headers(response)


def test_public_pages_have_no_inline_script_or_style(client, demo_site):
    html = client.get("/").content.decode()
    assert "<style" not in html
    assert " style=" not in html
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert 'type="application/ld+json"' in tag or " src=" in tag, tag


def test_not_found_page_keeps_the_strict_policy(client, demo_site):
    response = client.get("/introuvable/")
    assert response.status_code == 404
    assert_public_security_headers(response)


def test_admin_gets_a_relaxed_policy_that_still_forbids_foreign_framing(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    csp = parse_csp(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == {"'self'"}
    assert csp["object-src"] == {"'none'"}


@pytest.mark.parametrize(
    ("filename", "content_type", "disposition"),
    [
        ("communique.pdf", "application/pdf", "inline"),
        ("notes.txt", "text/plain", "attachment"),
        ("tableau.csv", "text/csv", "attachment"),
    ],
)
def test_documents_are_served_with_safe_headers(client, db, filename, content_type, disposition):
    document = get_document_model().objects.create(
        title=filename, file=ContentFile(b"<html><script>alert(1)</script>", name=filename)
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith(disposition)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


PRODUCTION_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture(scope="module")
def production_settings():
    """The security settings of `cms.settings.production`, read in a separate interpreter."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "throwaway-" + "x" * 50,
    }
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    return SimpleNamespace(**json.loads(output))


def test_production_sends_hsts_and_secure_httponly_cookies(client, demo_site, production_settings):
    prod = production_settings
    assert prod.SECURE_HSTS_SECONDS >= 365 * 24 * 60 * 60
    assert prod.SECURE_SSL_REDIRECT
    assert prod.SESSION_COOKIE_SECURE and prod.SESSION_COOKIE_HTTPONLY
    assert prod.CSRF_COOKIE_SECURE
    assert prod.CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] is True
    with override_settings(
        SECURE_HSTS_SECONDS=prod.SECURE_HSTS_SECONDS,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=prod.SECURE_HSTS_INCLUDE_SUBDOMAINS,
        SECURE_HSTS_PRELOAD=prod.SECURE_HSTS_PRELOAD,
        SESSION_COOKIE_SECURE=prod.SESSION_COOKIE_SECURE,
        SESSION_COOKIE_HTTPONLY=prod.SESSION_COOKIE_HTTPONLY,
        CSRF_COOKIE_SECURE=prod.CSRF_COOKIE_SECURE,
    ):
        response = client.get("/", secure=True)
        assert_public_security_headers(response)
        assert response["Strict-Transport-Security"] == (
            f"max-age={prod.SECURE_HSTS_SECONDS}; includeSubDomains; preload"
        )
        login = client.get("/admin/login/", secure=True)
        csrf_cookie = login.cookies["csrftoken"]
        assert csrf_cookie["secure"]
        User.objects.create_superuser("redaction", "redaction@example.org", "mot-de-passe-1")
        response = client.post(
            "/admin/login/",
            {"username": "redaction", "password": "mot-de-passe-1"},
            secure=True,
        )
        assert response.status_code == 302
        session_cookie = response.cookies["sessionid"]
        assert session_cookie["secure"]
        assert session_cookie["httponly"]


def test_admin_preview_of_a_public_page_can_be_framed_by_the_admin(admin_client, demo_site):
    page = demo_site.root_page
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/preview/?in_preview_panel=true")
    assert response.status_code == 200
    assert parse_csp(response["Content-Security-Policy"])["frame-ancestors"] == {"'self'"}
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_release_pdf_sends_every_security_header(client, demo_site):
    from press.models import PressReleasePage

    release = PressReleasePage.objects.live().first()
    response = client.get(release.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_public_security_headers(response)
