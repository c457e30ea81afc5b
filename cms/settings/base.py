"""Settings shared by every environment. Values that differ come from the environment."""

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from botocore.config import Config
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so that the tests' serialized rollback loads content types before the rows whose
    # constructor looks one up (Wagtail's tasks): loaded later, the lookup would create a
    # duplicate.
    "django.contrib.contenttypes",
    "home",
    "partners",
    "press",
    "press.mailing",
    "practices",
    "practices.census",
    "practices.reports",
    # After the content apps: its ready() reads what they register (cms/registry.py).
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "axes",
    "taggit",
    "django_filters",
    "anymail",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Around the page cache: a request naming the ETag of the page it holds gets a 304, the
    # page served from the cache or not (a page rendered again unchanged keeps its ETag).
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the security headers: a cached page is stored with the headers it was served with.
    "cms.caching.middleware.PageCacheMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",
    "cms.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: answers the login attempts of a locked-out client.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Brute-force protection of the admin login (django-axes), for 15 minutes: 5 failures for a
# username from one IP address lock that pair out; 20 from one address over all usernames lock
# the address out (password spraying). Axes counts both (AXES_LOCKOUT_PARAMETERS) against one
# limit: cms.security.login_failure_limit makes it two. The axes backend must come first; it is
# the one that also loads users (ModelBackend's get_user), so `force_login` and sessions work.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = "cms.security.login_failure_limit"
LOGIN_FAILURES_PER_USERNAME = 5
LOGIN_FAILURES_PER_ADDRESS = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip"
# Number of reverse proxies in front of the site that append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One language, LANGUAGE_CODE's, so no LocaleMiddleware: it would only add `Vary:
# Accept-Language`, which splits a CDN's copies of a page by the browsers' language lists.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Census attachments: private files, never served under MEDIA_URL (staff-only download view).
CENSUS_PRIVATE_ROOT = Path(os.environ.get("CENSUS_PRIVATE_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files only staff may read (census attachments), outside MEDIA_ROOT.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": CENSUS_PRIVATE_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


S3_CONNECT_TIMEOUT = 2  # seconds
S3_READ_TIMEOUT = 5  # seconds without a byte from the storage
S3_ATTEMPTS = 2  # the first one included


def s3_storages(environ):
    """Media on S3-compatible object storage (django-storages), shared by every server: public
    files at the bucket's root, readable by anyone; private ones under `private/`, readable only
    through signed links that expire. boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."""
    common = {
        "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": environ["AWS_S3_ENDPOINT_URL"],
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "file_overwrite": False,  # a name already taken gets a suffix, as on a disk
        # botocore's defaults (60 s to connect, 60 s per read, up to 5 attempts) would hold a
        # page for minutes on a storage that drops packets; pages read a file's size from it.
        "client_config": Config(
            s3={"addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE", "path")},
            connect_timeout=S3_CONNECT_TIMEOUT,
            read_timeout=S3_READ_TIMEOUT,
            retries={"mode": "standard", "total_max_attempts": S3_ATTEMPTS},
        ),
    }
    backend = "storages.backends.s3.S3Storage"
    public_acl = environ.get("AWS_DEFAULT_ACL", "public-read") or None  # "": a bucket policy
    scheme, public_domain = s3_public_location(environ)
    return {
        "default": {
            "BACKEND": backend,
            "OPTIONS": {
                **common,
                "default_acl": public_acl,
                "querystring_auth": False,
                # Public URLs written by django-storages itself, the same as boto3's: without a
                # domain it asks boto3 to build (then strip) a signed request for each URL.
                "custom_domain": public_domain,
                "url_protocol": f"{scheme}:",
            },
        },
        "private": {
            "BACKEND": backend,
            "OPTIONS": {
                **common,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
    }


def s3_public_location(environ):
    """(scheme, host and path) of the bucket, where the browser reads public media: addressed
    as boto3 addresses it, by path (the endpoint, then the bucket) or by virtual host."""
    endpoint = urlsplit(environ["AWS_S3_ENDPOINT_URL"])
    bucket = environ["AWS_STORAGE_BUCKET_NAME"]
    path = endpoint.path.rstrip("/")
    if environ.get("AWS_S3_ADDRESSING_STYLE") == "virtual":
        return endpoint.scheme, f"{bucket}.{endpoint.netloc}{path}"
    return endpoint.scheme, f"{endpoint.netloc}{path}/{bucket}"


def s3_media_origin(environ):
    """Where the browser fetches public media from (for the Content-Security-Policy)."""
    scheme, location = s3_public_location(environ)
    return f"{scheme}://{location.split('/', 1)[0]}"


if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES.update(s3_storages(os.environ))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "coeur-de-nos-communes",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
if os.environ.get("REDIS_URL"):
    # django-redis: with IGNORE_EXCEPTIONS, Redis out of reach is a cache miss (a write is lost,
    # a lock or a counter is not taken), never an error; the failure is logged (throttled below).
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
            "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Sessions read from Redis, written through to the database: they survive Redis.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Page cache for anonymous visitors (cms/caching), dropped on every change
# (docs/cache-et-performances.md).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", 60 * 60))  # server side
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", 60))  # browsers
PAGE_CACHE_S_MAXAGE = int(os.environ.get("PAGE_CACHE_S_MAXAGE", 5 * 60))  # CDN, shared proxies
# Dogpile protection: how long a render lock lives, how long other requests wait for its result.
PAGE_CACHE_LOCK_TIMEOUT = 10
PAGE_CACHE_LOCK_WAIT = 3
# Never served from the page cache (the health check reads no cache before its own probe).
PAGE_CACHE_EXCLUDED_PATHS = ("/admin/", "/documents/", "/healthz/")
# CDN purge on publishing (wagtail.contrib.frontend_cache), configured from the environment.
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        }
    }
elif os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):  # needs boto3 and AWS credentials
    WAGTAILFRONTENDCACHE = {
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    }
elif os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # Varnish, nginx proxy_cache_purge…
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# Email: the ESP is chosen by the environment (docs/exploitation.md); the console by default.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Cœur de nos communes <communication@coeurdenoscommunes.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}

# Press mailing list (press/mailing, docs/liste-de-diffusion.md): the ESP's merge field syntax
# switches on its batch sending (Brevo: "{{ params.%s }}", Mailjet: "{{var:%s}}"); empty: one
# message per recipient. MAILING_BATCH_ESP_EXTRA (JSON) is passed to anymail's esp_extra on
# batch sends.
MAILING_MERGE_FIELD = os.environ.get("MAILING_MERGE_FIELD", "")
MAILING_BATCH_ESP_EXTRA = json.loads(os.environ.get("MAILING_BATCH_ESP_EXTRA") or "{}")
MAILING_UNSUBSCRIBE_MAILTO = os.environ.get("MAILING_UNSUBSCRIBE_MAILTO", "")
# RGPD: days after an embargo lifts before the addresses typed in for its briefing are erased
# (`purge_unconfirmed_subscribers`, daily).
MAILING_BRIEFING_RETENTION_DAYS = int(os.environ.get("MAILING_BRIEFING_RETENTION_DAYS", "30"))

# Background tasks (django-tasks): run inline by default; production uses the database backend
# and its worker (`manage.py db_worker`, docs/exploitation.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "Cœur de nos communes"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's login form leaves its password field unlabelled (« Password »): cms/admin_forms.py.
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_forms.AdminLoginForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "gif": "png"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Only PDFs open in the browser; every other document is downloaded (Content-Disposition).
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# No inline `style` attribute (strict CSP): site.css sizes the embeds.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Stemming in French on PostgreSQL, so « partenariats » finds « partenariat ».
        **({"SEARCH_CONFIG": "french"} if IS_POSTGRES else {}),
    }
}

# Licence of the catalogue's open data (CSV/JSON exports of /bonnes-pratiques/).
OPEN_DATA_LICENCE = {
    "name": "Licence Ouverte / Open Licence 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A failing cache logs once a minute, not on every request (cms/logs.py).
    "filters": {"once_a_minute": {"()": "cms.logs.OnceAMinute"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django_redis.cache": {"filters": ["once_a_minute"]},
        "cms.ratelimit": {"filters": ["once_a_minute"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
WAGTAILIMAGES_IMAGE_MODEL = "cms.SiteImage"
# ASCII tag slugs, so topic filters give clean shareable URLs (?topic=democratie-participative).
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# Security headers (cms/security.py). Public pages: a strict Content-Security-Policy, no inline
# script or style. Only the video hosts of the embed block may be framed.
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    "https://geo.dailymotion.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(s3_media_origin(os.environ))
# The Wagtail admin uses inline scripts and styles, frames its own previews and shows embeds.
CONTENT_SECURITY_POLICY_ADMIN = {
    "URL_PREFIXES": ("/admin/",),
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# No avatar fetched from Gravatar: the admin sends no e-mail hash to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
