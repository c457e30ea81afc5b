"""Run things at the same instant, each in its own thread and database connection."""

import os
import threading

import pytest
from django.db import connections

POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
postgres_only = pytest.mark.skipif(
    not POSTGRES, reason="real concurrency needs PostgreSQL (SQLite serialises its writers)"
)


def at_once(*functions):
    """Calls the functions together (a barrier releases them at once); returns their results,
    or raises the first exception one of them raised."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)
    errors = []

    def run(position, function):
        try:
            barrier.wait(timeout=30)
            results[position] = function()
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(position, function))
        for position, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a thread did not finish"
    if errors:
        raise errors[0]
    return results
