"""Robustness under bad input: arbitrary query strings and form bodies on every public URL.

`HYPOTHESIS_EXAMPLES` sets the number of examples per URL pattern (50 by default, 60 in CI).
The database unreachable: the static 500 page, not a traceback.
"""

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls.converters import IntConverter
from hypothesis import HealthCheck, example, given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.quality.public_urls import public_url_labels, public_urls

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "50"))
PROBE = "<x-probe>"
NASTY = [
    "",
    "0",
    "-1",
    "1e999",
    "9" * 40,
    "2023",
    "NaN",
    "null",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "../../../etc/passwd",
    "%00",
    "\x00",
    "é" * 5_000,
    PROBE,
]

values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers().map(str),
    st.builds(lambda before, after: f"{before}{PROBE}{after}", st.text(max_size=10), st.text()),
)


def field_names(html):
    return sorted(set(re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', html)))


def parameters(known_names):
    keys = st.one_of(st.sampled_from([*known_names, "q", "page", PROBE]), st.text(max_size=12))
    return st.dictionaries(keys, st.one_of(values, st.lists(values, max_size=3)), max_size=6)


def segment(converter):
    """A path segment matching the converter, including hostile ones."""
    return st.one_of(
        st.from_regex(rf"\A(?:{converter.regex})\Z"),
        st.sampled_from(["0", "999999999", PROBE, "%3Cx-probe%3E"]).filter(
            lambda value: re.fullmatch(converter.regex, value)
        ),
    )


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def check(response, url):
    assert response.status_code < 500, url
    assert PROBE.encode() not in body_of(response), f"{PROBE} reflected unescaped by {url}"


@pytest.fixture
def urls(demo_site):
    return public_urls()


def test_every_public_page_type_and_route_is_covered(urls):
    labels = {url.label for url in urls}
    assert {"page:home.HomePage", "page:home.StandardPage", "url:search"} <= labels
    assert {"url:sitemap", "url:robots_txt"} <= labels
    assert labels <= set(public_url_labels())  # each one has its test below


def test_an_id_too_large_for_any_database_is_not_found(client, urls):
    """SQLite fails on an integer beyond 64 bits (OverflowError): the ids of paths stop short
    of it (cms.converters), so such a path matches no route."""
    with_ids = [
        url for url in urls if any(isinstance(c, IntConverter) for c in url.converters.values())
    ]
    assert with_ids
    for url in with_ids:
        path = url.path.format(**dict.fromkeys(url.converters, "9" * 19))
        assert client.get(path).status_code == 404, path


def fuzz(client, url, known_names, post):
    """Hypothesis on one URL pattern: hostile path segments, query strings and form bodies."""

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        segments=st.fixed_dictionaries(
            {name: segment(converter) for name, converter in url.converters.items()}
        ),
        method=st.sampled_from(["get", "post"] if post else ["get"]),
        data=parameters(known_names),
    )
    def requests(segments, method, data):
        path = url.path.format(**segments)
        note(f"{url.label}: {method.upper()} {path}")
        check(getattr(client, method)(path, data), url.label)

    # Deterministic too: every nasty value in every field of the page's forms.
    segments = dict.fromkeys(url.converters, "0")
    for value in NASTY:
        data = dict.fromkeys(known_names or ["q"], value)
        requests = example(segments=segments, method="get", data=data)(requests)
    requests()


@pytest.mark.parametrize("label", public_url_labels())
def test_arbitrary_query_strings_and_form_bodies_never_break_a_public_url(client, urls, label):
    # One test per pattern (the demo content is written from a snapshot in milliseconds), so
    # the patterns run in parallel under pytest-xdist and each failure names its pattern.
    url = next((url for url in urls if url.label == label), None)
    if url is None:
        pytest.skip(f"{label}: no live page of this type in the demo content")
    first = client.get(url.path.format(**dict.fromkeys(url.converters, "0")))
    html = "" if first.streaming else first.content.decode(errors="replace")
    # Wagtail serves a page the same on POST as on GET, unless the page has a form.
    post = url.label.startswith("url:") or 'method="post"' in html.lower()
    fuzz(client, url, field_names(html), post)


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_database_unreachable_gives_the_static_500_page():
    script = (
        "import json, django; django.setup(); from django.test import Client; "
        "response = Client(raise_request_exception=False).get('/'); "
        "print(json.dumps({'status': response.status_code, 'body': response.content.decode(), "
        "'csp': response.get('Content-Security-Policy', '')}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://coeur@127.0.0.1:{closed_port()}/introuvable",
        "DEBUG": "0",
    }
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["status"] == 500
    assert result["body"] == Path(settings.BASE_DIR / "templates" / "500.html").read_text()
    assert "Traceback" not in result["body"]
    # The page's own <style> is allowed by hash, nothing else inline.
    assert "'sha256-" in result["csp"]
    assert "'unsafe-inline'" not in result["csp"]
