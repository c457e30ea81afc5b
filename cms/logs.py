"""Logging parts named in settings.LOGGING."""

import threading
import time

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
