"""Deliveries « à vérifier », end to end in Debian's Chromium: staff find a partial mailing in
« Envois », choose « Renvoyer » for its two deliveries « à vérifier », confirm, and the two
journalists get the release; the confirmation screen passes axe-core."""

import os
from collections import Counter

import pytest
from django.core import mail
from django.test.utils import override_settings
from playwright.sync_api import expect

from press.mailing import sending
from press.mailing.models import Delivery, Mailing
from tests.factories.mailing import SubscriberFactory
from tests.quality.test_browser import axe_source, axe_violations  # noqa: F401 (fixture)

from .conftest import make_release

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Playwright's sync API runs an event loop in the test thread: let the ORM run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "mot-de-passe-de-test"


@pytest.fixture
def site_url(live_server, press_index):
    site = press_index.get_site()
    host, port = live_server.url.removeprefix("http://").split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    return live_server.url


@pytest.fixture
def partial_mailing(site_url, press_index):
    """The ESP took the first batch (two journalists) but its reply was lost."""
    release = make_release(press_index)
    SubscriberFactory.create_batch(4)
    mailing = Mailing.objects.create(release=release, subject=release.title)
    with override_settings(MAILING_MERGE_FIELD="[[%s]]"):
        with (
            override_settings(EMAIL_BACKEND="tests.mailing.backends.TimeoutAfterAcceptanceBackend"),
            pytest.raises(TimeoutError),
        ):
            sending.send_mailing(mailing.pk, batch_size=2)
        with override_settings(EMAIL_BACKEND="anymail.backends.test.EmailBackend"):
            sending.send_mailing(mailing.pk, batch_size=2)
    mail.outbox = []
    return mailing


def test_staff_resend_the_deliveries_to_check(
    site_url,
    partial_mailing,
    browser_page,
    admin_user,
    axe_source,  # noqa: F811 (fixture)
):
    page = browser_page
    admin_user.set_password(PASSWORD)
    admin_user.save()
    page.goto(f"{site_url}/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{site_url}/admin/")
    to_check = {
        delivery.subscriber.email
        for delivery in partial_mailing.deliveries.filter(status=Delivery.Status.UNCERTAIN)
    }

    page.goto(f"{site_url}/admin/mailing/mailing/")
    page.get_by_role("link", name="Renvoyer", exact=True).click()
    page.wait_for_url(f"**/liste-presse/envoi/{partial_mailing.pk}/a-verifier/renvoyer/")
    expect(page.get_by_text("2 remises « à vérifier » concernées.")).to_be_visible()
    assert axe_violations(page, axe_source) == []
    page.get_by_role("button", name="Renvoyer", exact=True).click()

    page.wait_for_url("**/admin/mailing/delivery/?*status__exact=uncertain*")
    expect(page.get_by_text("2 remises renvoyées : l'envoi reprend.")).to_be_visible()
    assert Counter(a for m in mail.outbox for a in m.to) == Counter(dict.fromkeys(to_check, 1))
    partial_mailing.refresh_from_db()
    assert partial_mailing.status == Mailing.Status.SENT
