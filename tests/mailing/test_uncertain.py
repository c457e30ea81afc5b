"""« À vérifier »: staff confirm an ambiguous send as sent, or send it again, one or all."""

import re
from collections import Counter

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import ModelLogEntry

from press.mailing import sending, uncertain
from press.mailing.models import Delivery, Mailing
from tests.factories.mailing import DeliveryFactory, MailingFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
Status = Delivery.Status


@pytest.fixture
def partial_mailing(release):
    """Four journalists; the ESP took the first batch of two but its reply was lost."""
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
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PARTIAL
    assert statuses(mailing) == {Status.SENT: 2, Status.UNCERTAIN: 2}
    mail.outbox = []
    return mailing


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser("com", "com@example.org", "pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.user = user
    return client


def statuses(mailing):
    return Counter(mailing.deliveries.values_list("status", flat=True))


def mailing_url(mailing, decision):
    return f"/admin/liste-presse/envoi/{mailing.pk}/a-verifier/{decision}/"


def delivery_url(delivery, decision):
    return f"/admin/liste-presse/remise/{delivery.pk}/{decision}/"


def token_in(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def post_confirmed(client, url, capture):
    """Opens the confirmation page, then submits its form (with its CSRF token)."""
    page = client.get(url)
    assert page.status_code == 200
    with capture(execute=True):
        return client.post(url, {"csrfmiddlewaretoken": token_in(page)})


def uncertain_rows(mailing):
    return list(mailing.deliveries.filter(status=Status.UNCERTAIN).order_by("pk"))


def test_confirming_all_as_sent_finishes_the_mailing_and_is_logged(
    staff, partial_mailing, django_capture_on_commit_callbacks
):
    rows = uncertain_rows(partial_mailing)
    page = staff.get(mailing_url(partial_mailing, "confirmer")).content.decode()
    assert "2 remises «\u00a0à vérifier\u00a0» concernées" in page
    assert "status__exact=uncertain" in page

    response = post_confirmed(
        staff, mailing_url(partial_mailing, "confirmer"), django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert statuses(partial_mailing) == {Status.SENT: 4}
    for row in rows:  # sent when it was in flight
        row.refresh_from_db()
        assert row.sent_at == row.claimed_at is not None
    partial_mailing.refresh_from_db()
    assert partial_mailing.status == Mailing.Status.SENT
    assert mail.outbox == []
    entry = ModelLogEntry.objects.get(action=uncertain.CONFIRMED)
    assert (entry.user, entry.object_id) == (staff.user, str(partial_mailing.pk))
    assert entry.data == {"deliveries": [row.pk for row in rows]}
    history = staff.get("/admin/reports/site-history/").content.decode()
    assert "2 remises «\u00a0à vérifier\u00a0» confirmées comme envoyées" in history


def test_resending_all_sends_them_once_more_and_is_logged(
    staff, partial_mailing, django_capture_on_commit_callbacks
):
    rows = uncertain_rows(partial_mailing)
    token = token_in(staff.get(mailing_url(partial_mailing, "renvoyer")))

    response = post_confirmed(
        staff, mailing_url(partial_mailing, "renvoyer"), django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    expected = Counter({row.subscriber.email: 1 for row in rows})
    assert Counter(a for m in mail.outbox for a in m.to) == expected
    assert statuses(partial_mailing) == {Status.SENT: 4}
    partial_mailing.refresh_from_db()
    assert partial_mailing.status == Mailing.Status.SENT
    entry = ModelLogEntry.objects.get(action=uncertain.RESENT)
    assert entry.user == staff.user
    assert entry.data == {"deliveries": [row.pk for row in rows]}

    with django_capture_on_commit_callbacks(execute=True):  # a second click: nothing left
        again = staff.post(mailing_url(partial_mailing, "renvoyer"), {"csrfmiddlewaretoken": token})
    assert again.status_code == 302
    assert (
        "Plus aucune remise «\u00a0à vérifier\u00a0»"
        in staff.get(again["Location"]).content.decode()
    )
    assert len(mail.outbox) == 2
    assert ModelLogEntry.objects.filter(action=uncertain.RESENT).count() == 1


def test_one_delivery_at_a_time_and_the_mailing_state_follows(
    staff, partial_mailing, django_capture_on_commit_callbacks
):
    first, second = uncertain_rows(partial_mailing)

    post_confirmed(staff, delivery_url(first, "confirmer"), django_capture_on_commit_callbacks)
    partial_mailing.refresh_from_db()
    assert partial_mailing.status == Mailing.Status.PARTIAL  # the second is still to check
    assert statuses(partial_mailing) == {Status.SENT: 3, Status.UNCERTAIN: 1}

    post_confirmed(staff, delivery_url(second, "renvoyer"), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[second.subscriber.email]]
    partial_mailing.refresh_from_db()
    assert partial_mailing.status == Mailing.Status.SENT
    assert staff.get(delivery_url(first, "renvoyer")).status_code == 404  # decided already


def test_the_listings_offer_the_decisions(staff, partial_mailing):
    first, _ = uncertain_rows(partial_mailing)

    mailings = staff.get("/admin/mailing/mailing/").content.decode()
    assert mailing_url(partial_mailing, "confirmer") in mailings
    assert mailing_url(partial_mailing, "renvoyer") in mailings
    deliveries = staff.get("/admin/mailing/delivery/").content.decode()
    assert delivery_url(first, "confirmer") in deliveries
    assert delivery_url(first, "renvoyer") in deliveries
    assert deliveries.count("/confirmer/") == 2  # the sent ones have nothing to decide


def test_deciding_needs_the_permission_to_send(partial_mailing, django_user_model):
    user = django_user_model.objects.create_user("lecteur", "l@example.org", "pw")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_mailing", "view_delivery"])
    )
    client = Client()
    client.force_login(user)
    first, _ = uncertain_rows(partial_mailing)

    assert "/a-verifier/" not in client.get("/admin/mailing/mailing/").content.decode()
    for url in (mailing_url(partial_mailing, "renvoyer"), delivery_url(first, "confirmer")):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302
            assert response["Location"] == "/admin/"  # Wagtail's answer to PermissionDenied

    assert statuses(partial_mailing) == {Status.SENT: 2, Status.UNCERTAIN: 2}
    assert not ModelLogEntry.objects.filter(action__startswith="mailing.").exists()


def test_a_post_without_its_csrf_token_changes_nothing(staff, partial_mailing):
    response = staff.post(mailing_url(partial_mailing, "confirmer"), {})

    assert response.status_code == 403
    assert statuses(partial_mailing) == {Status.SENT: 2, Status.UNCERTAIN: 2}


def test_a_get_changes_nothing_and_an_unknown_decision_is_404(staff, partial_mailing):
    assert staff.get(mailing_url(partial_mailing, "renvoyer")).status_code == 200
    assert staff.get(mailing_url(partial_mailing, "oublier")).status_code == 404

    assert statuses(partial_mailing) == {Status.SENT: 2, Status.UNCERTAIN: 2}
    assert mail.outbox == []


def test_no_resend_while_another_mailing_of_the_release_is_under_way(
    staff, partial_mailing, django_capture_on_commit_callbacks
):
    Mailing.objects.create(
        release=partial_mailing.release,
        subject="x",
        status=Mailing.Status.WAITING,
    )

    response = post_confirmed(
        staff, mailing_url(partial_mailing, "renvoyer"), django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    messages = staff.get(response["Location"]).content.decode()
    assert "Un autre envoi de ce communiqué est en cours" in messages
    assert statuses(partial_mailing) == {Status.SENT: 2, Status.UNCERTAIN: 2}
    assert mail.outbox == []


@pytest.mark.parametrize("listing", ["/admin/mailing/delivery/", "/admin/mailing/mailing/"])
def test_the_listings_query_count_does_not_grow_with_their_buttons(
    staff, partial_mailing, django_assert_num_queries, listing
):
    staff.get(listing)  # warms the caches
    with CaptureQueriesContext(connection) as queries:
        staff.get(listing)
    for _ in range(3):
        other = MailingFactory(status=Mailing.Status.PARTIAL)
        DeliveryFactory.create_batch(2, mailing=other, status=Status.UNCERTAIN, sent_at=None)

    with django_assert_num_queries(len(queries)):
        html = staff.get(listing).content.decode()
    rows_to_decide = 2 + 3 * 2 if "delivery" in listing else 1 + 3  # deliveries, or mailings
    assert html.count("/renvoyer/") == rows_to_decide
