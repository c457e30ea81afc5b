"""The site's own address (canonical URL, Open Graph URL, feed links, PDF footer) follows the
Site record, which `make run` sets to the address it serves."""

import io
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Site

from press.models import PressReleasePage

pytestmark = pytest.mark.django_db

SERVED = "http://127.0.0.1:8123"


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


def test_pages_name_the_address_they_are_served_from(client, demo_site):
    call_command("set_site_url", SERVED, stdout=io.StringIO())
    release = PressReleasePage.objects.live().first()

    home = client.get("/", HTTP_HOST="127.0.0.1:8123").content.decode()
    assert canonical(home) == f"{SERVED}/"
    page = client.get(release.url, HTTP_HOST="127.0.0.1:8123").content.decode()
    assert canonical(page) == f"{SERVED}{release.url}"
    assert f'<meta property="og:url" content="{SERVED}{release.url}">' in page
    feed = client.get("/presse/rss/", HTTP_HOST="127.0.0.1:8123").content.decode()
    assert f"<link>{SERVED}{release.url}</link>" in feed
    assert "localhost" not in home + page + feed


@override_settings(WAGTAILADMIN_BASE_URL="https://participation.example.org")
def test_the_default_address_is_the_admin_base_url(site_home):
    call_command("set_site_url", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("participation.example.org", 443)
    assert site_home.full_url == "https://participation.example.org/"


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "ftp://example.org", "http://", "http://h:x"])
def test_an_invalid_address_is_refused(site_home, url):
    with pytest.raises(CommandError, match="Adresse invalide"):
        call_command("set_site_url", url)
    assert Site.objects.get(is_default_site=True).hostname == "testserver"


def test_make_run_sets_the_site_to_the_address_it_serves():
    commands = subprocess.run(  # noqa: S603 - make, with fixed arguments
        [shutil.which("make"), "--dry-run", "--always-make", "run", "PORT=8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    set_site = next(i for i, line in enumerate(commands) if "set_site_url" in line)
    serve = next(i for i, line in enumerate(commands) if "runserver" in line)
    assert "127.0.0.1:8123" in commands[set_site] and "127.0.0.1:8123" in commands[serve]
    assert set_site < serve
