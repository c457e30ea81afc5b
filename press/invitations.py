"""Press invitations: a release that invites journalists to an event (« conférence de presse »,
« point presse »), listed in the press room's « Agenda presse » while upcoming and offered as an
iCalendar file (RFC 5545) that calendars import."""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from icalendar import Calendar, Event, vCalAddress, vText

from cms.text import one_line

AGENDA_SIZE = 5
# The event's default length when the editor gives no end (RFC 5545 needs none; calendars do).
DEFAULT_DURATION = datetime.timedelta(hours=1)


def upcoming(releases, now=None):
    """The invitations among `releases` whose event has not ended, soonest first."""
    now = now or timezone.now()
    return (
        releases.exclude(invitation_kind="")
        .filter(event_start__gte=now - DEFAULT_DURATION)
        .order_by("event_start", "pk")
    )[:AGENDA_SIZE]


def invitation_ics_response(request, page):
    if not page.invitation_kind or not page.event_start:
        raise Http404
    response = HttpResponse(invitation_ics(page, request), content_type="text/calendar")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{page.slug}.ics"
    )
    return response


def invitation_ics(page, request=None):
    """The iCalendar file of the invitation, its times in Europe/Paris with their VTIMEZONE."""
    zone = timezone.get_default_timezone()
    start = timezone.localtime(page.event_start, zone)
    end = timezone.localtime(page.event_end, zone) if page.event_end else start + DEFAULT_DURATION

    event = Event()
    event.add("uid", f"invitation-{page.pk}@{page.get_site().hostname}")
    event.add("dtstamp", page.last_published_at or timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", one_line(f"{page.get_invitation_kind_display()} : {page.title}"))
    event.add("description", page.standfirst)
    event.add("location", vText(", ".join(part for part in location_lines(page) if part)))
    event.add("url", page.get_full_url(request))
    contact = page.accreditation_contact
    if contact and contact.email:
        organizer = vCalAddress(f"mailto:{contact.email}")
        organizer.params["cn"] = vText(one_line(contact.name))
        event.add("organizer", organizer)

    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.WAGTAIL_SITE_NAME}//Invitations presse//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=start.date() - datetime.timedelta(days=366),
        last_date=end.date() + datetime.timedelta(days=366),
    )
    return calendar.to_ical()


def location_lines(page):
    """The place, then the address on one line."""
    return [one_line(page.event_place), one_line(page.event_address.replace("\n", ", "))]
