"""Settings for `make run`: a demo on the developer's machine, its secret generated once."""

import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool

SECRET_KEY_FILE = BASE_DIR / ".secret-key"


def install_secret_key():
    """This install's own key, generated on first use and kept in .secret-key (git-ignored, like
    .admin-password): no key written in the repository signs this site's tokens."""
    try:
        with open(SECRET_KEY_FILE, "x", encoding="ascii") as file:
            SECRET_KEY_FILE.chmod(0o600)
            file.write(secrets.token_urlsafe(50) + "\n")
    except FileExistsError:
        pass
    return SECRET_KEY_FILE.read_text(encoding="ascii").strip()


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = SECRET_KEY or install_secret_key()  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
# Templates change while developing: no page cache unless asked for.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", default=False)
