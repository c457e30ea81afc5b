"""Deliveries « à vérifier », end to end in Debian's Chromium: staff find a partial mailing in
« Envois », choose « Renvoyer » for its two deliveries « à vérifier », confirm, and the two
journalists get the release; the confirmation screen passes axe-core."""

from collections import Counter

import pytest
from django.core import mail
from django.test.utils import override_settings
from playwright.sync_api import expect

from press.mailing import sending
from press.mailing.models import Delivery, Mailing
from tests.browser import axe_violations
from tests.factories.mailing import SubscriberFactory

from .conftest import make_release

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def partial_mailing(press_site_url, press_index):
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
    press_site_url,
    partial_mailing,
    admin_browser_page,
    axe_source,
):
    page = admin_browser_page
    to_check = {
        delivery.subscriber.email
        for delivery in partial_mailing.deliveries.filter(status=Delivery.Status.UNCERTAIN)
    }

    page.goto(f"{press_site_url}/admin/mailing/mailing/")
    page.get_by_role("link", name="Renvoyer", exact=True).click()
    page.wait_for_url(f"**/liste-presse/envoi/{partial_mailing.pk}/a-verifier/renvoyer/")
    expect(page.get_by_text("2 remises «\u00a0à vérifier\u00a0» concernées.")).to_be_visible()
    assert axe_violations(page, axe_source) == []
    page.get_by_role("button", name="Renvoyer", exact=True).click()

    page.wait_for_url("**/admin/mailing/delivery/?*status__exact=uncertain*")
    expect(page.get_by_text("2 remises renvoyées\u00a0: l'envoi reprend.")).to_be_visible()
    assert Counter(a for m in mail.outbox for a in m.to) == Counter(dict.fromkeys(to_check, 1))
    partial_mailing.refresh_from_db()
    assert partial_mailing.status == Mailing.Status.SENT
