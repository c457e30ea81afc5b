"""Settings for the test suite: fast hashing, in-memory email, throwaway media."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ANYMAIL = {**ANYMAIL, "WEBHOOK_SECRET": "anymail-test:webhook-secret"}  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = tempfile.mkdtemp(prefix="coeur-test-media-")
SERVE_MEDIA = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# Each test controls its data: the page cache is switched on only by the tests that need it.
PAGE_CACHE_ENABLED = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Brute-force lockout off, except in the test that switches it on.
AXES_ENABLED = False
