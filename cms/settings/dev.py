"""Settings for `make run`: a demo on the developer's machine, no secret needed."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"  # noqa: F405, S105
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
# Templates change while developing: no page cache unless asked for.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", default=False)
