"""Deployment checks (`manage.py check --deploy`, also run when gunicorn starts: gunicorn.conf.py).

Errors, not warnings: production must not start with a secret anyone can guess (it signs the
sessions, the mailing list's confirmation and unsubscribe links and the contacts' vCards) nor
with a cache of its own in each process (invalidations and rate limits would reach one worker).
"""

import math
from collections import Counter

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks.security.base import SECRET_KEY_INSECURE_PREFIX, SECRET_KEY_MIN_LENGTH
from django.core.exceptions import ImproperlyConfigured

# Keys that were, or are, written in the repository.
PUBLIC_SECRET_KEYS = {"dev-only-insecure-key-not-for-production", "test-only-secret-key"}
MIN_SECRET_KEY_BITS = 128
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def estimated_bits(key):
    """Entropy of the key estimated from the frequency of its characters (Shannon)."""
    counts = Counter(key)
    return -sum(count * math.log2(count / len(key)) for count in counts.values())


def is_weak_secret_key(key):
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
        or key in PUBLIC_SECRET_KEYS
        or estimated_bits(key) < MIN_SECRET_KEY_BITS
    )


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # empty: Django's own check reports it
        return []
    if not is_weak_secret_key(key):
        return []
    return [
        Error(
            "SECRET_KEY is weak: short, repetitive, or known from the repository.",
            hint=(
                f"Use at least {SECRET_KEY_MIN_LENGTH} random characters, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
            ),
            id="cms.E001",
        )
    ]


@register(Tags.caches, deploy=True)
def check_cache_is_shared(app_configs, **kwargs):
    """The page cache and the rate limits need a cache every process shares."""
    aliases = {"default"}
    if getattr(settings, "PAGE_CACHE_ENABLED", True):
        aliases.add(getattr(settings, "PAGE_CACHE_ALIAS", "default"))
    return [
        Error(
            f"The cache '{alias}' ({settings.CACHES[alias]['BACKEND']}) is not shared between "
            "processes: a publish would invalidate the page cache of one worker only, and each "
            "worker would count its own rate limits.",
            hint="Set REDIS_URL, or use the database cache (cms.settings.production's default).",
            id="cms.E002",
        )
        for alias in sorted(aliases)
        if settings.CACHES[alias]["BACKEND"] in PROCESS_LOCAL_CACHES
    ]
