"""Dogpile protection: right after an invalidation, a page is rendered once per cache version,
however many requests ask for it at the same time."""

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from cms.caching import store

pytestmark = pytest.mark.django_db


def key_for(path):
    """The cache key of `path` and the version its response is to be stored with."""
    return store.response_key(RequestFactory().get(path)), store.global_version()


def test_a_request_waits_for_the_page_another_process_is_rendering(
    client, press_site, page_cache, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_LOCK_WAIT = 60  # only the other process's result ends the wait
    key, version = key_for("/presse/")
    assert store.lock(key, version)  # another process is rendering /presse/

    def other_process_finishes():
        rendered = HttpResponse(b"rendu ailleurs", content_type="text/html; charset=utf-8")
        store.save(key, version, rendered, rendered.content)
        store.unlock(key, version)

    finisher = threading.Timer(0.2, other_process_finishes)
    finisher.start()
    with django_assert_num_queries(0):  # not rendered here
        response = client.get("/presse/")
    finisher.join()
    assert response.status_code == 200
    assert response.content == b"rendu ailleurs"
    assert response["X-Cache"] == "HIT"


def test_a_request_renders_itself_when_the_other_process_takes_too_long(
    client, press_site, page_cache, settings
):
    settings.PAGE_CACHE_LOCK_WAIT = 0.1
    assert store.lock(*key_for("/presse/"))  # held by a process that never finishes

    response = client.get("/presse/")
    assert response.status_code == 200
    assert "Espace presse" in response.content.decode()


def test_a_request_renders_itself_when_the_other_gives_up(client, press_site, page_cache, settings):
    """The other process's response was not cacheable (an error): its lock goes, nothing is
    stored, the waiting request renders the page at once."""
    settings.PAGE_CACHE_LOCK_WAIT = 60
    key, version = key_for("/presse/")
    assert store.lock(key, version)
    threading.Timer(0.2, store.unlock, args=[key, version]).start()

    response = client.get("/presse/")
    assert response.status_code == 200
    assert "Espace presse" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_after_a_publish_render_the_page_once(
    transactional_db, live_server, press_site, page_cache, settings
):
    settings.PAGE_CACHE_LOCK_WAIT = 60  # a slow machine still renders once
    host, port = live_server.thread.host, live_server.thread.port

    def fetch(_index):
        connection = http.client.HTTPConnection(host, port, timeout=120)
        try:
            connection.request("GET", "/presse/")
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("X-Cache")
        finally:
            connection.close()

    store.clear_all()  # as a publication does
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(fetch, range(32)))

    assert {status for status, _ in results} == {200}
    assert [cache_status for _, cache_status in results].count("MISS") == 1
