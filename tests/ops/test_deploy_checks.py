"""Production refuses a weak SECRET_KEY and a cache its processes do not share."""

import secrets
import subprocess
import sys

import pytest
from django.test import override_settings

from cms.checks import check_cache_is_shared, check_secret_key, is_weak_secret_key
from tests.ops.conftest import BASE_DIR, STRONG_SECRET, free_port, settings_of
from tests.ops.environ import subprocess_environ

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "c"}
}


def production_check(**env):
    """`check --deploy --fail-level WARNING` as .ci/run runs it, with `env`."""
    environment = {
        **subprocess_environ(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "ALLOWED_HOSTS": "coeurdenoscommunes.fr",
        "REDIS_URL": "",
        **env,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )


# Keys made when the test runs, not when it is collected: pytest-xdist's workers must collect
# the same test names.
WEAK_KEYS = {
    "x": lambda: "x",
    "repository": lambda: "dev-only-insecure-key-not-for-production",
    "django-insecure": lambda: "django-insecure-" + secrets.token_urlsafe(50),
    "three characters": lambda: "abc" * 20,  # long enough, but three characters
    "repetitive": lambda: "throwaway-" + "x" * 50,
}
STRONG_KEYS = {
    "constant": lambda: STRONG_SECRET,
    "token_urlsafe": lambda: secrets.token_urlsafe(50),
    "token_hex": lambda: secrets.token_hex(32),
}


@pytest.mark.parametrize("kind", WEAK_KEYS)
def test_weak_secret_keys(kind):
    assert is_weak_secret_key(WEAK_KEYS[kind]())


@pytest.mark.parametrize("kind", STRONG_KEYS)
def test_random_secret_keys(kind):
    assert not is_weak_secret_key(STRONG_KEYS[kind]())


def test_check_deploy_fails_on_secret_key_x():
    result = production_check(SECRET_KEY="x")
    assert result.returncode != 0
    assert "cms.E001" in result.stderr


def test_check_deploy_passes_with_a_random_key_and_no_redis():
    """What .ci/run checks: the database cache is shared, a random key is strong."""
    result = production_check(SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr


def test_a_process_local_cache_is_an_error_in_production():
    with override_settings(CACHES=LOCAL_MEMORY, PAGE_CACHE_ENABLED=True):
        assert [error.id for error in check_cache_is_shared(None)] == ["cms.E002"]
    with override_settings(CACHES=DATABASE_CACHE, PAGE_CACHE_ENABLED=True):
        assert check_cache_is_shared(None) == []


def test_the_check_reads_the_key_of_the_settings():
    with override_settings(SECRET_KEY="x"):
        assert [error.id for error in check_secret_key(None)] == ["cms.E001"]


def test_gunicorn_refuses_to_start_on_a_weak_key():
    environment = {
        **subprocess_environ(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x",
        "REDIS_URL": "",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gunicorn", f"--bind=127.0.0.1:{free_port()}"],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "cms.E001" in result.stdout
    assert "Booting worker" not in result.stdout


def test_make_run_signs_with_a_key_of_its_own():
    """The dev settings read the key generated once in .secret-key; none is in the source."""
    first = settings_of("cms.settings.dev", ["SECRET_KEY"], SECRET_KEY="").SECRET_KEY
    second = settings_of("cms.settings.dev", ["SECRET_KEY"], SECRET_KEY="").SECRET_KEY
    assert first == second == (BASE_DIR / ".secret-key").read_text().strip()
    assert not is_weak_secret_key(first)
    assert first not in (BASE_DIR / "cms" / "settings" / "dev.py").read_text()
    assert oct((BASE_DIR / ".secret-key").stat().st_mode & 0o777) == "0o600"
