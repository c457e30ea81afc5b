"""Logging parts named in settings.LOGGING."""

import json
import logging
import threading
import time
from datetime import UTC, datetime

INTERVAL = 60  # seconds


class OnceAMinute:
    """Lets a given message of a logger through at most once a minute (per process).

    A cache out of reach fails on every request: one line a minute says so without flooding the
    logs. The count of the records held back is added to the next one let through.
    """

    def __init__(self, interval=INTERVAL):
        self.interval = interval
        self.last_emitted = {}
        self.held_back = {}
        self.lock = threading.Lock()

    def filter(self, record):
        key = (record.name, record.msg)
        now = time.monotonic()
        with self.lock:
            last = self.last_emitted.get(key)
            if last is not None and now - last < self.interval:
                self.held_back[key] = self.held_back.get(key, 0) + 1
                return False
            self.last_emitted[key] = now
            held_back = self.held_back.pop(key, 0)
        if held_back:
            record.msg = f"{record.msg} ({held_back} more in the last minute, not logged)"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (production: stdout, read by journald or the platform's log
    collector): time, level, logger, message, and the traceback if any."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        status_code = getattr(record, "status_code", None)  # django.request, django.server
        if status_code is not None:
            entry["status"] = status_code
        return json.dumps(entry, ensure_ascii=False)
