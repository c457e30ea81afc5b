"""The press panel of the admin's dashboard."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from press.dashboard import PressPanel
from press.models import InvitationKind
from tests.factories.press import PressReleasePageFactory

pytestmark = pytest.mark.django_db


def schedule(press_index, title, days):
    release = PressReleasePageFactory(parent=press_index, title=title, live=False)
    release.go_live_at = timezone.now() + datetime.timedelta(days=days)
    release.save_revision().publish()
    return release


def submit(press_index, title, user):
    release = PressReleasePageFactory(parent=press_index, title=title, live=False)
    release.save_revision(user=user)
    release.get_workflow().start(release, user)
    return release


def invite(press_index, title, days):
    return PressReleasePageFactory(
        parent=press_index,
        title=title,
        invitation_kind=InvitationKind.PRESS_POINT,
        event_start=timezone.now() + datetime.timedelta(days=days),
        event_place="Mairie de Lille",
    )


def panel(client):
    html = client.get("/admin/").content.decode()
    assert 'id="press-dashboard-content"' in html, "no press panel"
    return html.split('id="press-dashboard-content"')[1].split('id="census-dashboard-content"')[0]


def test_staff_see_what_they_act_on(client, admin_user, press_index):
    schedule(press_index, "Levée dans deux jours", 2)
    schedule(press_index, "Levée demain", 1)
    submit(press_index, "Soumis à relecture", admin_user)
    invite(press_index, "Point presse jeudi", 3)
    client.force_login(admin_user)
    html = panel(client)
    assert html.index("Levée demain") < html.index("Levée dans deux jours")
    assert "Soumis à relecture" in html
    assert "Point presse jeudi" in html
    assert f"/admin/pages/add/press/pressreleasepage/{press_index.pk}/" in html
    assert "Nouveau communiqué" in html


def test_an_editor_sees_the_press_panel(client, editor, press_index):
    client.force_login(editor)
    assert "Aucun communiqué programmé." in panel(client)


def test_the_panel_reads_a_constant_number_of_queries(rf, admin_user, press_index):
    request = rf.get("/admin/")
    request.user = admin_user

    def count():
        with CaptureQueriesContext(connection) as queries:
            PressPanel().render_html({"request": request, "csrf_token": ""})
        return len(queries)

    schedule(press_index, "Programmé 1", 1)
    submit(press_index, "Soumis 1", admin_user)
    invite(press_index, "Invitation 1", 1)
    few = count()
    for number in range(2, 6):
        schedule(press_index, f"Programmé {number}", number)
        submit(press_index, f"Soumis {number}", admin_user)
        invite(press_index, f"Invitation {number}", number)
    assert count() == few
