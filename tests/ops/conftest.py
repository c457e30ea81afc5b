import contextlib
import functools
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import override_settings

from tests.locks import one_worker_at_a_time
from tests.ops.environ import subprocess_environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

STRONG_SECRET = "Zq3v9LrT0bWk7yNc2HdXe5MfAa8UsJp1GiVo4QxRt6Eu-_Ym0nBwKzCl3PjSd9Fh"


def settings_of(module, names, **env):
    """Some settings of `module` as a separate interpreter reads them, under `env`."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    environment = {
        **subprocess_environ(),
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": STRONG_SECRET,
        **env,
    }
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout
    return SimpleNamespace(**json.loads(output))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The URL of the test database this process uses, for the processes it starts."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_environment(**env):
    """Production's environment for a subprocess, with the static files collected by
    `static_root` unless `env` names a STATIC_ROOT (a process that serves no page needs none)."""
    environment = {
        **subprocess_environ(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": STRONG_SECRET,
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        **env,
    }
    if "STATIC_ROOT" not in environment:  # collecting compresses every file: only if needed
        environment["STATIC_ROOT"] = static_root()
    return environment


@functools.cache
def static_root():
    """The static files and the manifest that production's storage reads (`make run` and a
    deploy collect them; a fresh clone has none), collected once per test run into a folder of
    its own: collecting into the project's would race the other workers' tests. The first worker
    to need them collects them (compressing every file) while the others wait on a lock, then
    find the run's folder complete."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    shared = Path(tempfile.gettempdir()) / f"coeur-static-{run}"
    with one_worker_at_a_time(shared.name):
        if not shared.is_dir():
            root = tempfile.mkdtemp(prefix="coeur-static-")
            env = subprocess_environ(
                DJANGO_SETTINGS_MODULE="cms.settings.production",
                SECRET_KEY=STRONG_SECRET,
                REDIS_URL="",
                STATIC_ROOT=root,
            )
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                env=env,
                cwd=BASE_DIR,
                check=True,
            )
            os.rename(root, shared)  # complete or absent, should this process be killed
    return str(shared)


@contextlib.contextmanager
def gunicorn(env, workers=1):
    """A gunicorn server of the site (gunicorn.conf.py) on a free port, until the block ends."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "cms.wsgi", f"--bind=127.0.0.1:{port}"]
        + [f"--workers={workers}"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for_port(port, process, deadline=60):
    """Until the server accepts connections (it is then ready: gunicorn binds before forking)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {process.stderr.read().decode()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"gunicorn did not listen on {port}")


def get(url, host="testserver"):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def production_with_redis_down():
    """Production's cache and session settings with REDIS_URL on a port nothing listens on."""
    prod = settings_of(
        "cms.settings.production",
        ["CACHES", "SESSION_ENGINE", "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS"],
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
    )
    assert prod.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    return prod


@pytest.fixture
def redis_down(production_with_redis_down):
    prod = production_with_redis_down
    throttle = logging.getLogger("django_redis.cache").filters[0]
    throttle.last_emitted.clear()
    with override_settings(
        CACHES=prod.CACHES,
        SESSION_ENGINE=prod.SESSION_ENGINE,
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=prod.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS,
        PAGE_CACHE_ENABLED=True,
    ):
        yield
