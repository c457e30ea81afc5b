"""Press invitations: the release's invitation block, its .ics file and the press room's agenda."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from press.models import InvitationKind, PressContact
from tests.factories.press import PressReleasePageFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def contact(db):
    return PressContact.objects.create(
        name="Baptiste Ménard", email="presse@example.org", phone="03 20 00 00 00"
    )


@pytest.fixture
def invitation(press_index, contact):
    return PressReleasePageFactory(
        parent=press_index,
        title="Conférence de presse : le premier rapport",
        invitation_kind=InvitationKind.PRESS_CONFERENCE,
        # 10:00 in Lille, 09:00 UTC: in winter, Paris is one hour ahead.
        event_start=datetime.datetime(2026, 12, 10, 10, tzinfo=PARIS),
        event_end=datetime.datetime(2026, 12, 10, 11, 30, tzinfo=PARIS),
        event_place="Hôtel de ville de Lille, salon d'honneur",
        event_address="Place Augustin-Laurent\n59000 Lille",
        accreditation_contact=contact,
    )


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    assert response["Content-Disposition"].startswith("attachment;")
    return Calendar.from_ical(response.content)


def test_the_release_page_invites_with_the_time_in_french(client, invitation):
    html = client.get(invitation.url).content.decode()
    assert "Invitation presse\u00a0: Conférence de presse" in html
    assert "jeudi 10 décembre 2026 à 10\u00a0h\u00a000" in html
    assert 'datetime="2026-12-10T10:00:00+01:00"' in html
    assert "Hôtel de ville de Lille, salon d&#x27;honneur" in html
    assert "Place Augustin-Laurent<br>59000 Lille" in html
    assert 'href="mailto:presse@example.org"' in html
    assert f'href="{invitation.url}invitation.ics"' in html


def test_the_ics_file_carries_the_local_time_and_its_time_zone(client, invitation):
    calendar = calendar_of(client.get(invitation.url + "invitation.ics"))
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime.datetime(2026, 12, 10, 10, tzinfo=PARIS)
    assert start.astimezone(datetime.UTC).hour == 9
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    assert event.decoded("dtend") == datetime.datetime(2026, 12, 10, 11, 30, tzinfo=PARIS)
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(event["summary"]) == "Conférence de presse\u00a0: " + invitation.title
    assert "59000 Lille" in str(event["location"])
    assert "\n" not in str(event["location"])
    assert str(event["organizer"]) == "mailto:presse@example.org"
    assert str(event["url"]) == invitation.full_url


def test_a_summer_event_is_two_hours_ahead_of_utc(client, invitation):
    invitation.event_start = datetime.datetime(2027, 6, 17, 18, tzinfo=PARIS)
    invitation.event_end = None
    invitation.save()
    (event,) = calendar_of(client.get(invitation.url + "invitation.ics")).walk("VEVENT")
    assert event.decoded("dtstart").astimezone(datetime.UTC).hour == 16
    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(hours=1)


def test_a_release_that_invites_nobody_has_no_ics(client, press_index):
    release = PressReleasePageFactory(parent=press_index)
    assert client.get(release.url + "invitation.ics").status_code == 404
    assert "invitation.ics" not in client.get(release.url).content.decode()


def test_the_press_room_agenda_lists_upcoming_invitations_only(client, press_index, invitation):
    now = timezone.now()
    invitation.event_start = now + datetime.timedelta(days=3)
    invitation.event_end = None
    invitation.save()
    PressReleasePageFactory(
        parent=press_index,
        title="Point presse passé",
        invitation_kind=InvitationKind.PRESS_POINT,
        event_start=now - datetime.timedelta(days=2),
        event_place="Mairie",
    )
    PressReleasePageFactory(parent=press_index, title="Communiqué ordinaire")
    html = client.get(press_index.url).content.decode()
    agenda = html.split('id="press-agenda-title"')[1].split("</section>")[0]
    assert invitation.title in agenda
    assert "Point presse passé" not in agenda
    assert "Communiqué ordinaire" not in agenda


def test_no_agenda_without_upcoming_invitation(client, press_index):
    PressReleasePageFactory(parent=press_index)
    assert "Agenda presse" not in client.get(press_index.url).content.decode()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"event_start": None}, "event_start"),
        ({"event_place": " "}, "event_place"),
        (
            {"event_end": datetime.datetime(2026, 12, 10, 9, tzinfo=PARIS)},
            "event_end",
        ),
    ],
)
def test_an_incomplete_invitation_is_refused_in_french(invitation, fields, field):
    for name, value in fields.items():
        setattr(invitation, name, value)
    with pytest.raises(ValidationError) as error:
        invitation.full_clean()
    assert field in error.value.message_dict


def test_the_ics_of_a_restricted_release_stays_behind_its_password(client, invitation):
    PageViewRestriction.objects.create(
        page=invitation, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get(invitation.url + "invitation.ics")
    assert response.get("Content-Type") != "text/calendar"
    assert b"BEGIN:VCALENDAR" not in response.content


def test_an_ics_name_under_no_page_is_a_404(client, press_index):
    assert client.get("/presse/inconnu/invitation.ics").status_code == 404
