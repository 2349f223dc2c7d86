"""iCalendar (RFC 5545) files: the one exporter base every calendar Summit writes uses.

As in pretalx's exporters, the base builds the file once: the calendar's own
properties, the event's `VTIMEZONE` and, in the file's language, the VEVENTs
that a small subclass declares along with its file name and content type (the
programme and personal feeds and the invitations in agenda/calendars/exporters.py,
the summit entry of the approval email in registrations/registration/calendar.py).
Everything goes through icalendar's objects and `to_ical()`: no text is spliced
into a calendar by hand.

`CalendarInvitation` makes a file an iTIP message (RFC 5546) for an email:
METHOD:REQUEST adds or updates its events in the recipient's calendar,
METHOD:CANCEL removes them; each VEVENT names the organizer and the recipient.

Times carry the event's `TZID` with a `VTIMEZONE` computed here from the IANA
database for the years of the event (never floating, never `TZID:GMT`):
icalendar's own conversion starts some observances an hour late, so the
transitions are found by bisection, to the minute.
"""

from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from icalendar import (
    Alarm,
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
)
from icalendar import Event as VEvent

from events.summit.models import Event
from notifications.services import Attachment

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
# When the organizer's address is not configured (a bare laptop), iTIP still needs one.
FALLBACK_ORGANIZER = ("Summit", "no-reply@summit.local")


@dataclass(frozen=True)
class CalendarFile:
    """What an exporter renders: the file's name, its content type and its bytes."""

    filename: str
    content_type: str
    content: bytes


class CalendarExporter:
    """One .ics file of an event's calendar; subclasses declare `filename` and `get_events()`.

    `language` is the one the file is written in (`en` or `ar`); None keeps the
    active one. A subscription feed sets `refresh_interval`, so that calendar
    apps read it again that often; `calendar_name()` names the calendar they show.
    """

    prodid: str
    method = "PUBLISH"
    content_type = CALENDAR_CONTENT_TYPE
    refresh_interval: timedelta | None = None

    def __init__(self, event: Event, *, language: str | None = None) -> None:
        self.event = event
        self.language = language
        self.zone = event.tzinfo

    @property
    def filename(self) -> str:
        raise NotImplementedError

    def calendar_name(self) -> str:
        """The calendar's name in calendar apps (NAME, X-WR-CALNAME); none by default."""
        return ""

    def get_events(self) -> Iterable[VEvent]:
        """The file's VEVENTs, built in the file's language."""
        raise NotImplementedError

    def calendar_events(self) -> Iterable[VEvent]:
        """The VEVENTs as they go into the file (an invitation addresses each one)."""
        return self.get_events()

    def get_data(self) -> bytes:
        language = translation.override(self.language) if self.language else nullcontext()
        with language:
            calendar = self._calendar()
            for component in self.calendar_events():
                calendar.add_component(component)
            return calendar.to_ical()

    def render(self) -> CalendarFile:
        return CalendarFile(self.filename, self.content_type, self.get_data())

    def attachment(self) -> Attachment:
        """The file for an email in the outbox."""
        return Attachment(self.filename, self.get_data(), self.content_type)

    def _calendar(self) -> Calendar:
        event = self.event
        calendar = Calendar()
        calendar.add("prodid", self.prodid)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", self.method)
        name = self.calendar_name()
        if name:
            # X-WR-* are how Apple and Google calendars name a calendar and its zone.
            calendar.add("name", name)
            calendar.add("x-wr-calname", name)
            calendar.add("x-wr-timezone", event.timezone)
        if self.refresh_interval is not None:
            calendar.add(
                "refresh-interval", self.refresh_interval, parameters={"VALUE": "DURATION"}
            )
            # Outlook's name for it; icalendar would write an X- timedelta as "1:00:00".
            calendar.add("x-published-ttl", vDuration(self.refresh_interval))
        # UTC times are written with Z and need no VTIMEZONE.
        if event.timezone != "UTC":
            first = event.starts_at.astimezone(self.zone).date()
            last = event.ends_at.astimezone(self.zone).date()
            calendar.add_component(vtimezone(event.timezone, first, last))
        return calendar


class CalendarInvitation(CalendarExporter):
    """An iTIP message for an email attachment: METHOD:REQUEST or METHOD:CANCEL (RFC 5546).

    Each VEVENT names the organizer (the sender address) and the recipient as
    attendee; the subclass's events carry their UID and SEQUENCE, as iTIP requires.
    """

    def __init__(
        self,
        event: Event,
        *,
        method: str,
        attendee_email: str,
        attendee_name: str = "",
        language: str | None = None,
    ) -> None:
        if method not in {"REQUEST", "CANCEL"}:
            raise ValueError("method must be REQUEST or CANCEL")
        super().__init__(event, language=language)
        self.method = method
        self.attendee_email = attendee_email
        self.attendee_name = attendee_name

    @property
    def content_type(self) -> str:
        return f"text/calendar; method={self.method}; charset=utf-8"

    def calendar_events(self) -> Iterator[VEvent]:
        organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
        for component in self.get_events():
            organizer = vCalAddress(f"mailto:{organizer_email or FALLBACK_ORGANIZER[1]}")
            organizer.params["CN"] = organizer_name or FALLBACK_ORGANIZER[0]
            component.add("organizer", organizer)
            attendee = vCalAddress(f"mailto:{self.attendee_email}")
            if self.attendee_name:
                attendee.params["CN"] = self.attendee_name
            attendee.params["ROLE"] = "REQ-PARTICIPANT"
            attendee.params["PARTSTAT"] = "NEEDS-ACTION"
            attendee.params["RSVP"] = "FALSE"
            component.add("attendee", attendee)
            yield component


def display_alarm(*, uid: str, description: str, minutes_before: int) -> Alarm:
    """A VALARM that shows `description` `minutes_before` the event starts."""
    alarm = Alarm()
    alarm.add("uid", uid)
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", timedelta(minutes=-minutes_before))
    return alarm


# --- VTIMEZONE (RFC 5545 3.6.5) ---------------------------------------------------------


def _transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """UTC instants in [start, end) where the zone's offset changes (minute precision)."""
    found = []
    step = timedelta(hours=6)
    moment = start
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = min(moment + step, end)
        if following.astimezone(zone).utcoffset() != offset:
            low, high = moment, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    middle = low + timedelta(minutes=1)
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = high.astimezone(zone).utcoffset()
        moment = following
    return found


@lru_cache(maxsize=64)
def _observances(tzid: str, first_year: int, last_year: int) -> tuple:
    """(kind, local start, offset from, offset to, name) for each observance, computed once."""
    zone = ZoneInfo(tzid)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    initial = start.astimezone(zone)
    rows = [
        (
            "DAYLIGHT" if initial.dst() else "STANDARD",
            # VTIMEZONE observances start at a local (floating) time by definition.
            datetime(first_year, 1, 1),  # noqa: DTZ001
            initial.utcoffset(),
            initial.utcoffset(),
            initial.tzname(),
        )
    ]
    for instant in _transitions(zone, start, end):
        before = (instant - timedelta(minutes=1)).astimezone(zone)
        after = instant.astimezone(zone)
        # An observance starts at the local time in force just before the change
        # (RFC 5545 3.6.5: DTSTART is given in TZOFFSETFROM).
        onset = (instant + before.utcoffset()).replace(tzinfo=None)
        rows.append(
            (
                "DAYLIGHT" if after.dst() else "STANDARD",
                onset,
                before.utcoffset(),
                after.utcoffset(),
                after.tzname(),
            )
        )
    return tuple(rows)


def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for `tzid` valid through the calendar years of `first` … `last`."""
    component = Timezone()
    component.add("tzid", tzid)
    for kind, onset, offset_from, offset_to, name in _observances(tzid, first.year, last.year):
        observance = TimezoneDaylight() if kind == "DAYLIGHT" else TimezoneStandard()
        observance.add("dtstart", onset)
        observance.add("tzoffsetfrom", offset_from)
        observance.add("tzoffsetto", offset_to)
        if name:
            observance.add("tzname", name)
        component.add_component(observance)
    return component
