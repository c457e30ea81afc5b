"""/healthz/: 200 while the database answers, the cache's state in the body, 503 without it."""

import json
import subprocess
import sys

import pytest
from django.test import override_settings

from tests.ops.conftest import free_port, get, gunicorn, production_environment

pytestmark = pytest.mark.django_db


@override_settings(PAGE_CACHE_ENABLED=True)
def test_healthz_answers_ok_and_is_never_cached(client):
    for _ in range(2):
        response = client.get("/healthz/")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
        assert "no-store" in response["Cache-Control"]
        assert "X-Cache" not in response
    assert client.head("/healthz/").status_code == 200
    assert client.post("/healthz/").status_code == 405


def test_healthz_says_when_the_cache_is_out_of_reach(client, redis_down):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_without_the_database_healthz_is_503_and_pages_the_static_500_page():
    """Production settings (the database cache) with the database on a closed port."""
    env = production_environment(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/absente",
        REDIS_URL="",
        PAGE_CACHE_ENABLED="1",
    )
    with gunicorn(env) as server:
        status, headers, body = get(server + "/healthz/")
        assert status == 503
        assert json.loads(body) == {
            "status": "unavailable",
            "database": "unavailable",
            "cache": "unavailable",
        }
        assert "no-store" in headers["Cache-Control"]

        status, headers, body = get(server + "/")
        assert status == 500
        assert "Le site rencontre un problème" in body.decode()


def test_production_logs_are_json_lines_on_stdout(tmp_path):
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('cms').warning('Journal « structuré »', exc_info=ValueError('x'))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=production_environment(STATIC_ROOT=str(tmp_path)),  # serves no page
        capture_output=True,
        text=True,
        check=True,
    )
    entry = json.loads(result.stdout.strip())
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "cms"
    assert entry["message"] == "Journal « structuré »"
    assert "ValueError: x" in entry["exception"]
    assert entry["time"].endswith("+00:00")
