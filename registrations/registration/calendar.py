"""The summit itself as a calendar entry, attached to the approval email."""

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as VEvent

from events.summit.models import Event
from events.vtimezone import vtimezone
from registrations.registration.models import Registration

PRODID = "-//Summit//Accreditation//EN"


def summit_invitation_ics(registration: Registration) -> bytes:
    """One VEVENT for the whole summit, METHOD:PUBLISH so calendars simply add it.

    Its UID is per event and registrant and stable, so a second copy updates
    the first entry instead of adding another.
    """
    event: Event = registration.event
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(vtimezone(event.timezone, event.starts_at.date(), event.ends_at.date()))
    entry = VEvent()
    entry.add("uid", f"summit-{event.pk}-registration-{registration.pk}@summit-accreditation")
    entry.add("dtstamp", registration.status_changed_at)
    entry.add("dtstart", event.starts_at.astimezone(event.tzinfo))
    entry.add("dtend", event.ends_at.astimezone(event.tzinfo))
    entry.add("summary", event.name)
    entry.add("location", ", ".join(filter(None, [event.venue_name, event.venue_address])))
    entry.add("url", settings.SITE_URL.rstrip("/") + event.get_absolute_url())
    entry.add("description", f"{registration.reference} · {registration.category.name}")
    entry.add("status", "CONFIRMED")
    entry.add("transp", "OPAQUE")
    calendar.add_component(entry)
    return calendar.to_ical()
