"""gunicorn's settings, read from the working directory: `gunicorn cms.wsgi` (Procfile), with
the production settings unless DJANGO_SETTINGS_MODULE says otherwise.

gunicorn's own defaults apply otherwise: it binds 127.0.0.1:8000, or 0.0.0.0:$PORT where the
platform sets PORT; GUNICORN_CMD_ARGS overrides any setting (docs/exploitation.md).
"""

import multiprocessing
import os
import sys

wsgi_app = "cms.wsgi"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A release PDF is rendered in the request (WeasyPrint): more than gunicorn's 30 s default.
timeout = 60
graceful_timeout = 30
# Workers are renewed now and then, so that no slow growth of memory lasts.
max_requests = 1000
max_requests_jitter = 100
# Behind the reverse proxy, which sets X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs: one JSON object per line on stdout, like the site's (cms.logs.JsonFormatter).
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "cms.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}


def on_starting(server):
    """Refuse to start on an error of `check --deploy` (cms/checks.py: a weak SECRET_KEY, a
    cache the workers do not share), before any worker serves a request."""
    import django
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    django.setup()
    try:
        call_command("check", deploy=True, fail_level="ERROR")
    except SystemCheckError as error:
        server.log.error("Not starting: %s", error)
        sys.exit(1)
