import os
import shutil
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.moderation import EDITORS_GROUP
from tests import databases
from tests.browser import AXE_SOURCE, PASSWORD, log_in, serve_on

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def flushes_without_rollback(item):
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    return bool(kwargs.get("transaction") and not kwargs.get("serialized_rollback"))


def pytest_collection_modifyitems(items):
    """Transactional tests without serialized rollback run last, whatever the order asked: their
    flush lets Django recreate the content types, which the restore of a later serialized test
    would insert a second time (IntegrityError). Runs after pytest-django's own ordering."""
    items.sort(key=flushes_without_rollback)


TEMPLATE_DATABASE = pytest.StashKey[str]()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist's controller names the database its workers copy on PostgreSQL (tests/databases.py)."""
    if databases.is_postgresql():
        if TEMPLATE_DATABASE not in node.config.stash:
            node.config.stash[TEMPLATE_DATABASE] = databases.new_template()
        node.workerinput[databases.WORKER_INPUT_KEY] = node.config.stash[TEMPLATE_DATABASE]


def pytest_sessionfinish(session):
    if TEMPLATE_DATABASE in session.config.stash:
        databases.drop_template(session.config.stash[TEMPLATE_DATABASE])


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """The test database (a copy of the run's migrated template under xdist on PostgreSQL), and
    a copy of the rows its migrations created (tests/snapshots.py)."""
    from django.test.utils import setup_databases, teardown_databases

    from tests import snapshots

    template = getattr(request.config, "workerinput", {}).get(databases.WORKER_INPUT_KEY)
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        if template:
            created = databases.setup_from_template(template, verbosity)
        else:
            created = setup_databases(verbosity=verbosity, interactive=False)
        snapshots.save_migrations_rows()
    yield
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=verbosity)


@pytest.fixture(autouse=True)
def _migrations_rows_for_transactional_tests(request):
    """Transactional tests (browser journeys, live servers) may follow one that flushed the
    database: write the migrations' rows (locale, tree root, site, groups…) back with their keys
    before their own fixtures need them."""
    if "transactional_db" in request.fixturenames:
        from tests import snapshots

        snapshots.restore_migrations_rows()


@pytest.fixture(autouse=True)
def _empty_cache():
    """What one test cached (pages, rate-limit counters, Wagtail's site root paths) never
    reaches the next one, whose database starts over."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo content, loaded once per session exactly as `make run` loads it."""
    from tests import snapshots

    with django_db_blocker.unblock():
        return snapshots.build("demo", lambda: call_command("load_demo_content", verbosity=0))


@pytest.fixture
def demo_site(demo_snapshot, db):
    """The demo content, written from the session's snapshot."""
    demo_snapshot.apply()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(demo_site):
    return demo_site.root_page.specific


@pytest.fixture
def site_home(db):
    """A bare site (no demo content): a home page as the default site's root."""
    from tests.factories.home import HomePageFactory

    home = HomePageFactory(parent=Page.get_first_root_node(), slug="accueil")
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    return home


@pytest.fixture
def press_index(site_home):
    from tests.factories.press import PressIndexPageFactory

    return PressIndexPageFactory(parent=site_home)


# The one bound on every wait of the browser tests (Playwright's actions, navigations and
# `expect` assertions). Each test waits for the event it needs (a response, a URL, an element,
# a text); this only ends a wait that will never succeed. Generous: CI's machine may be loaded.
BROWSER_TIMEOUT_MS = 60_000


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped where absent, except under CI=true."""
    if not CHROMIUM:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI=true (apt-get install chromium).")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API runs an event loop in the test thread, where Django would refuse
    # database access; the live server and the tests are synchronous code, so allow it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    wait_for_live_server_requests()


def wait_for_live_server_requests():
    """Wait until the live server's request threads end. Each serves one browser connection
    (kept alive between requests) and closes its database connection when it ends, which it
    does once the browser context that opened it is closed: a flush or the final drop of the
    test database must not meet a connection still open (« database is being accessed by other
    users ») nor a request still running."""
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=BROWSER_TIMEOUT_MS / 1000)


@pytest.fixture
def new_browser_page(browser):
    """Opens a page in a browser context of its own (its own cookies) with
    `new_browser_page(**context_options)`; every context is closed after the test."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(**{"locale": "fr-FR", **options})
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    wait_for_live_server_requests()


@pytest.fixture
def browser_page(new_browser_page):
    return new_browser_page()


@pytest.fixture
def admin_browser_page(browser_page, live_server, admin_user):
    """A browser page where pytest-django's superuser has signed in to the admin."""
    admin_user.set_password(PASSWORD)
    admin_user.save()
    return log_in(browser_page, live_server.url, admin_user.username)


@pytest.fixture(scope="session")
def axe_source():
    """axe-core, from npm (installed by `make test` where npm is available): skipped without
    it, except under CI=true, where it is required."""
    if not AXE_SOURCE.exists():
        reason = "axe-core is not installed (npm ci, run by `make test` when npm is available)."
        if os.environ.get("CI") == "true":
            pytest.fail(f"Required under CI=true: {reason}")
        pytest.skip(reason)
    return AXE_SOURCE.read_text(encoding="utf-8")


@pytest.fixture
def press_site_url(live_server, press_index):
    """The bare site (home page and press room) served by the live server."""
    return serve_on(press_index.get_site(), live_server)


@pytest.fixture
def demo_site_url(live_server, transactional_db, request):
    """The demo site served by the live server (its URLs point to the live server's port)."""
    return serve_on(request.getfixturevalue("demo_site"), live_server)


@pytest.fixture
def editor(db):
    """A member of the editors' group: writes pages, neither publishes nor sends."""
    user = get_user_model().objects.create_user("redactrice", "r@example.org", "x")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user
