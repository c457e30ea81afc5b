import os

# Set by the browser tests in their worker process (Playwright runs an event loop in the thread
# that queries the database): `check --deploy` warns about it in a subprocess.
BROWSER_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def subprocess_environ(**overrides):
    """This process's environment for a production-like subprocess, with `overrides`."""
    return {
        **{name: value for name, value in os.environ.items() if name not in BROWSER_ONLY},
        **overrides,
    }
