"""The mailing panel of the admin's dashboard: the last mailings with their counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from press.mailing.dashboard import MailingPanel
from press.mailing.models import Delivery, Mailing
from tests.factories.mailing import DeliveryFactory, MailingFactory

pytestmark = pytest.mark.django_db


def panel(client):
    html = client.get("/admin/").content.decode()
    if 'id="mailing-dashboard-content"' not in html:
        return None
    return html.split('id="mailing-dashboard-content"')[1].split("</section>")[0]


def test_staff_see_the_last_mailings_with_their_counts(client, admin_user):
    mailing = MailingFactory(subject="Les budgets participatifs progressent")
    DeliveryFactory.create_batch(2, mailing=mailing)
    DeliveryFactory(mailing=mailing, status=Delivery.Status.FAILED, sent_at=None)
    for number in range(6):
        MailingFactory(subject=f"Envoi récent {number}")
    client.force_login(admin_user)

    html = panel(client)

    assert "Envoi récent 5" in html and "Envoi récent 1" in html
    assert "Les budgets participatifs progressent" not in html  # the five newest only
    Mailing.objects.filter(subject__startswith="Envoi récent").delete()
    html = panel(client)
    row = html.split("Les budgets participatifs progressent")[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split("<td>")[2:]] == ["2", "0", "0", "1"]


def test_the_panel_is_hidden_from_staff_without_the_mailing_permission(client, editor):
    client.force_login(editor)

    assert panel(client) is None


def test_the_panel_reads_a_constant_number_of_queries(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user

    def count():
        with CaptureQueriesContext(connection) as queries:
            MailingPanel().render_html({"request": request, "csrf_token": ""})
        return len(queries)

    DeliveryFactory(mailing=MailingFactory())
    few = count()
    for _number in range(4):
        DeliveryFactory.create_batch(3, mailing=MailingFactory())
    assert count() == few
