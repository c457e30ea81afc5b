import json
import os
import socket
import subprocess
import sys
from types import SimpleNamespace

STRONG_SECRET = "Zq3v9LrT0bWk7yNc2HdXe5MfAa8UsJp1GiVo4QxRt6Eu-_Ym0nBwKzCl3PjSd9Fh"


def settings_of(module, names, **env):
    """Some settings of `module` as a separate interpreter reads them, under `env`."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": STRONG_SECRET,
        **env,
    }
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout
    return SimpleNamespace(**json.loads(output))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
