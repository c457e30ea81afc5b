"""`manage.py backup` then `manage.py restore` into an empty database give the same site."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from practices.models import PracticeIndexPage
from press.models import PressReleasePage
from tests.ops.conftest import BASE_DIR, STRONG_SECRET, database_url

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore: PostgreSQL only (CI runs it)",
)

RENDER = """
import json, sys
import django
django.setup()
from django.test import Client
responses = {url: Client().get(url) for url in sys.argv[1:]}
print(json.dumps({url: [r.status_code, r.content.decode()] for url, r in responses.items()}))
"""
CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def environment(database, media, private):
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "SECRET_KEY": STRONG_SECRET,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(media),
        "CENSUS_PRIVATE_ROOT": str(private),
    }


def run(env, *command):
    return subprocess.run(  # noqa: S603
        command, env=env, cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout


def manage(env, *arguments):
    return run(env, sys.executable, "manage.py", *arguments)


def pages(env, urls):
    """{url: page without its CSRF tokens}, all answered 200."""
    rendered = json.loads(run(env, sys.executable, "-c", RENDER, *urls))
    assert {status for status, _html in rendered.values()} == {200}
    return {url: CSRF_TOKEN.sub(r"\1", html) for url, (_status, html) in rendered.items()}


def libpq(database):
    return {
        "PGHOST": database["HOST"] or "127.0.0.1",
        "PGUSER": database["USER"],
        "PGPORT": str(database["PORT"] or 5432),
        "PGDATABASE": database["NAME"],
    }


def files(directory):
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def empty_database():
    url = database_url() + "_restored"
    name = url.rsplit("/", 1)[1]
    dropdb = ["dropdb", "--if-exists", "--force", f"--maintenance-db={database_url()}", name]
    run({"PATH": "/usr/bin:/bin"}, *dropdb)
    yield url
    run({"PATH": "/usr/bin:/bin"}, *dropdb)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_serves_the_same_pages(
    transactional_db, demo_site, settings, tmp_path, empty_database
):
    media = Path(settings.MEDIA_ROOT)
    private = tmp_path / "private"
    (private / "census").mkdir(parents=True)
    (private / "census" / "piece-jointe.pdf").write_bytes(b"%PDF-1.4 pi\xc3\xa8ce jointe")
    release = PressReleasePage.objects.live().first()
    catalogue = PracticeIndexPage.objects.live().first()
    urls = ["/", release.url, catalogue.url]
    source = environment(database_url(), media, private)
    # With its statistics, as autovacuum keeps them (restore gives the copy its own): the same
    # plans, hence the same order wherever a page's order leaves ties.
    run({**source, **libpq(connection.settings_dict)}, "vacuumdb", "--analyze-only", "--quiet")
    before = pages(source, urls)  # renditions made now are in the backup

    manage(source, "backup", f"--output={tmp_path}")
    (archive,) = tmp_path.glob("coeur-*.tar")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    restored = environment(empty_database, tmp_path / "media", tmp_path / "private-restored")
    manage(restored, "ensure_database")
    manage(restored, "restore", str(archive))

    after = pages(restored, urls)
    for url in urls:
        assert after[url].splitlines() == before[url].splitlines(), url
    assert files(tmp_path / "media") == files(media)
    assert files(tmp_path / "private-restored") == files(private)


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    env = environment(database_url(), tmp_path / "media", tmp_path / "private")
    archive = tmp_path / "coeur.tar"
    archive.write_bytes(b"")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(archive)],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "n'est pas vide" in result.stderr
