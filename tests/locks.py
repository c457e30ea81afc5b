"""Work that one test worker does for all of them (xdist runs a process per worker)."""

import fcntl
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def one_worker_at_a_time(name):
    """Holds the lock `name`, shared by the processes of this machine: the first worker does the
    shared work inside it while the others wait, then find it done."""
    with open(Path(tempfile.gettempdir()) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield
