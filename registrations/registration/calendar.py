"""The summit itself as a calendar entry, attached to the approval email."""

from collections.abc import Iterator

from icalendar import Event as VEvent

from events.absolute_urls import absolute_url
from events.calendar_export import CalendarExporter
from registrations.registration.models import Registration


class SummitEntryExporter(CalendarExporter):
    """One VEVENT for the whole summit, METHOD:PUBLISH so calendars simply add it.

    Its UID is per event and registrant and stable, so a second copy updates
    the first entry instead of adding another. Written in the active language.
    """

    prodid = "-//Summit//Accreditation//EN"
    content_type = "text/calendar; charset=utf-8; method=PUBLISH"

    def __init__(self, registration: Registration) -> None:
        super().__init__(registration.event)
        self.registration = registration

    @property
    def filename(self) -> str:
        return f"{self.event.slug}.ics"

    def get_events(self) -> Iterator[VEvent]:
        event, registration = self.event, self.registration
        entry = VEvent()
        entry.add("uid", f"summit-{event.pk}-registration-{registration.pk}@summit-accreditation")
        entry.add("dtstamp", registration.status_changed_at)
        entry.add("dtstart", event.starts_at.astimezone(self.zone))
        entry.add("dtend", event.ends_at.astimezone(self.zone))
        entry.add("summary", str(event.name))
        entry.add("location", ", ".join(filter(None, [str(event.venue_name), event.venue_address])))
        entry.add("url", absolute_url(event.get_absolute_url()))
        entry.add("description", f"{registration.reference} · {registration.category.name}")
        entry.add("status", "CONFIRMED")
        entry.add("transp", "OPAQUE")
        yield entry
