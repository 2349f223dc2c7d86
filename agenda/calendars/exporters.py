"""The agenda's calendar files: programme and personal feeds, session and bilateral invitations.

Each is a small `events.calendar_export.CalendarExporter`: it names its file
and its calendar and lists its VEVENTs (agenda/calendars/ics.py); the base
writes the calendar, its VTIMEZONE and the bytes. Feeds are subscriptions
(METHOD:PUBLISH, refreshed hourly); invitations are iTIP messages for emails.
"""

from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from agenda.calendars.ics import bilateral_vevent, session_vevent
from agenda.releases.models import SessionRelease
from events.calendar_export import CalendarExporter, CalendarInvitation
from events.summit.models import Event


class AgendaExporter(CalendarExporter):
    """What every agenda calendar shares: its PRODID, an hourly refresh, the event's name."""

    prodid = "-//Summit//Agenda//EN"
    refresh_interval = timedelta(hours=1)

    def calendar_name(self) -> str:
        return str(self.event.name)


class ProgrammeExporter(AgendaExporter):
    """The whole released programme (`/e/<slug>/agenda.ics`), cancelled sessions included."""

    def __init__(self, event: Event, *, sessions: Iterable[SessionRelease], language: str):
        super().__init__(event, language=language)
        self.sessions = list(sessions)

    @property
    def filename(self) -> str:
        return f"{self.event.slug}-agenda.ics"

    def calendar_name(self) -> str:
        return _("%(event)s — programme") % {"event": self.event.name}

    def get_events(self) -> Iterator[VEvent]:
        for snapshot in self.sessions:
            yield session_vevent(self.event, snapshot, zone=self.zone)


class SessionExporter(ProgrammeExporter):
    """One released session (`/e/<slug>/sessions/<id>.ics`), named like the programme."""

    def __init__(self, event: Event, *, session: SessionRelease, language: str):
        super().__init__(event, sessions=[session], language=language)
        self.session = session

    @property
    def filename(self) -> str:
        return f"{self.event.slug}-session-{self.session.session_id}.ics"


class PersonalAgendaExporter(AgendaExporter):
    """A registrant's feed: chosen and speaking sessions, then bilateral meetings, with alarms."""

    def __init__(
        self,
        event: Event,
        *,
        sessions: Iterable[SessionRelease],
        bilaterals: Iterable = (),
        language: str,
    ):
        super().__init__(event, language=language)
        self.sessions = list(sessions)
        self.bilaterals = list(bilaterals)
        self.alarm_minutes = event.session_reminder_minutes

    @property
    def filename(self) -> str:
        return f"{self.event.slug}-my-agenda.ics"

    def calendar_name(self) -> str:
        return _("%(event)s — my agenda") % {"event": self.event.name}

    def get_events(self) -> Iterator[VEvent]:
        for snapshot in self.sessions:
            yield session_vevent(
                self.event, snapshot, alarm_minutes=self.alarm_minutes, zone=self.zone
            )
        for meeting in self.bilaterals:
            yield bilateral_vevent(
                self.event, meeting, alarm_minutes=self.alarm_minutes, zone=self.zone
            )


class SessionInvitationExporter(CalendarInvitation, AgendaExporter):
    """Sessions a release moved or cancelled, for one person's change notice.

    REQUEST carries the sessions still on (their new time or room), CANCEL the
    cancelled ones (every VEVENT then STATUS:CANCELLED).
    """

    def __init__(
        self,
        event: Event,
        *,
        sessions: Iterable[SessionRelease],
        method: str,
        attendee_email: str,
        attendee_name: str = "",
        language: str = "en",
    ):
        super().__init__(
            event,
            method=method,
            attendee_email=attendee_email,
            attendee_name=attendee_name,
            language=language,
        )
        self.sessions = list(sessions)
        if any((method == "CANCEL") != snapshot.is_cancelled for snapshot in self.sessions):
            raise ValueError("CANCEL carries cancelled sessions only, REQUEST the others")

    @property
    def filename(self) -> str:
        return "cancelled-sessions.ics" if self.method == "CANCEL" else "updated-sessions.ics"

    def get_events(self) -> Iterator[VEvent]:
        for snapshot in self.sessions:
            yield session_vevent(self.event, snapshot, zone=self.zone)


class BilateralInvitationExporter(CalendarInvitation, AgendaExporter):
    """A bilateral meeting for a delegation's head: REQUEST when confirmed, moved or given
    a room, CANCEL when a confirmed meeting is cancelled (same UID, higher SEQUENCE)."""

    filename = "bilateral-meeting.ics"

    def __init__(
        self,
        event: Event,
        *,
        meeting,
        method: str,
        attendee_email: str,
        attendee_name: str = "",
        language: str = "en",
    ):
        if (method == "CANCEL") != meeting.is_cancelled:
            raise ValueError("CANCEL carries a cancelled meeting, REQUEST a confirmed one")
        super().__init__(
            event,
            method=method,
            attendee_email=attendee_email,
            attendee_name=attendee_name,
            language=language,
        )
        self.meeting = meeting

    def get_events(self) -> Iterator[VEvent]:
        yield bilateral_vevent(self.event, self.meeting, zone=self.zone)
