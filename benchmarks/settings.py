"""Production settings on the loopback, for the benchmark only (`make bench`).

Its own PostgreSQL database (`coeur_bench` by default), no HTTPS redirect, plus a minimal view
(`/__bench__/minimal/`) that measures the ceiling of this stack on this machine.
"""

import os
import secrets

# A random key per run (the deploy checks refuse a key written in the repository); the gunicorn
# processes the benchmark starts inherit it through the environment.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coeur_bench")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from cms.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "benchmarks.urls"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PAGE_CACHE_EXCLUDED_PATHS = ("/admin/", "/documents/", "/__bench__/")
LOGGING = {"version": 1, "disable_existing_loggers": False}
