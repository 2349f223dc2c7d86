"""The iCalendar exporter base: the calendar, its time zone, the language, invitations."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from icalendar import Event as VEvent

from events.calendar_export import (
    CalendarExporter,
    CalendarInvitation,
    display_alarm,
    vtimezone,
)
from events.translated.text import active_language
from tests.factories import EventFactory

DUBAI = ZoneInfo("Asia/Dubai")
STARTS = datetime(2027, 5, 12, 9, tzinfo=DUBAI)


class OneEntry(CalendarExporter):
    """The smallest exporter: one VEVENT whose summary says the language it was built in."""

    prodid = "-//Summit//Test//EN"
    filename = "one.ics"

    def get_events(self):
        entry = VEvent()
        entry.add("uid", "one@summit-test")
        entry.add("dtstamp", datetime(2027, 1, 1, tzinfo=UTC))
        entry.add("dtstart", self.event.starts_at.astimezone(self.zone))
        entry.add("dtend", self.event.ends_at.astimezone(self.zone))
        entry.add("summary", f"{active_language()}: {_('Speakers: %(names)s')}")
        yield entry


class NamedFeed(OneEntry):
    refresh_interval = timedelta(hours=1)

    def calendar_name(self) -> str:
        return self.event.name


class OneInvitation(CalendarInvitation, OneEntry):
    pass


@pytest.fixture
def event():
    return EventFactory.build(
        slug="unity",
        name={"en": "Unity Summit", "ar": "قمة الاتحاد"},
        timezone="Asia/Dubai",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(days=1, hours=9),
    )


def test_the_base_writes_the_calendar_its_time_zone_and_the_events(event):
    body = OneEntry(event).get_data()

    calendar = Calendar.from_ical(body)
    assert str(calendar["PRODID"]) == "-//Summit//Test//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert "X-WR-CALNAME" not in calendar
    assert "REFRESH-INTERVAL" not in calendar
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Dubai"]
    (entry,) = calendar.walk("VEVENT")
    assert entry["DTSTART"].params["TZID"] == "Asia/Dubai"
    assert entry.decoded("DTSTART") == STARTS
    parsed = IcsCalendarStream.from_ics(body.decode()).calendars[0]
    assert parsed.events[0].dtstart == STARTS


def test_a_named_feed_carries_its_name_zone_and_refresh_interval(event):
    body = NamedFeed(event, language="en").get_data()

    calendar = Calendar.from_ical(body)
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "Unity Summit"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Dubai"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert b"X-PUBLISHED-TTL:PT1H" in body


def test_a_utc_event_needs_no_vtimezone(event):
    event.timezone = "UTC"

    body = OneEntry(event).get_data()

    assert Calendar.from_ical(body).walk("VTIMEZONE") == []
    assert f"DTSTART:{STARTS.astimezone(UTC):%Y%m%dT%H%M%S}Z".encode() in body


def test_the_file_is_written_in_its_language_and_the_active_one_is_kept(event):
    with translation.override("en"):
        arabic = Calendar.from_ical(NamedFeed(event, language="ar").get_data())
        assert translation.get_language() == "en"
        active = Calendar.from_ical(NamedFeed(event).get_data())

    assert str(arabic["X-WR-CALNAME"]) == "قمة الاتحاد"
    assert str(arabic.walk("VEVENT")[0]["SUMMARY"]).startswith("ar: ")
    assert str(arabic.walk("VEVENT")[0]["SUMMARY"]) != "ar: Speakers: %(names)s"
    assert str(active["X-WR-CALNAME"]) == "Unity Summit"
    assert str(active.walk("VEVENT")[0]["SUMMARY"]) == "en: Speakers: %(names)s"


def test_render_and_attachment_carry_name_type_and_bytes(event):
    exporter = OneEntry(event)

    rendered = exporter.render()
    attachment = exporter.attachment()

    assert (rendered.filename, rendered.content_type) == ("one.ics", "text/calendar; charset=utf-8")
    assert (attachment.filename, attachment.content_type) == ("one.ics", rendered.content_type)
    assert attachment.content == rendered.content == exporter.get_data()


def test_an_invitation_names_the_organizer_and_the_attendee(event, settings):
    settings.DEFAULT_FROM_EMAIL = "Summit Team <team@summit.example>"

    invitation = OneInvitation(
        event, method="REQUEST", attendee_email="amina@example.org", attendee_name="Amina"
    )

    calendar = Calendar.from_ical(invitation.get_data())
    assert calendar["METHOD"] == "REQUEST"
    assert invitation.content_type == "text/calendar; method=REQUEST; charset=utf-8"
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["ORGANIZER"]) == "mailto:team@summit.example"
    assert entry["ORGANIZER"].params["CN"] == "Summit Team"
    assert str(entry["ATTENDEE"]) == "mailto:amina@example.org"
    assert dict(entry["ATTENDEE"].params) == {
        "CN": "Amina",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "NEEDS-ACTION",
        "RSVP": "FALSE",
    }


def test_an_invitation_without_a_sender_address_still_names_an_organizer(event, settings):
    settings.DEFAULT_FROM_EMAIL = ""

    body = OneInvitation(event, method="CANCEL", attendee_email="a@example.org").get_data()

    (entry,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(entry["ORGANIZER"]) == "mailto:no-reply@summit.local"
    assert "CN" not in entry["ATTENDEE"].params


def test_an_invitation_is_a_request_or_a_cancel(event):
    with pytest.raises(ValueError, match="REQUEST or CANCEL"):
        OneInvitation(event, method="PUBLISH", attendee_email="a@example.org")


def test_a_display_alarm_goes_off_before_the_start():
    alarm = display_alarm(uid="a@summit-test", description="Keynote", minutes_before=15)

    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Keynote"
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)


def test_the_vienna_vtimezone_names_both_observances():
    day = datetime(2026, 10, 1, tzinfo=UTC).date()
    component = vtimezone("Europe/Vienna", day, day)

    text = component.to_ical().decode()
    assert "BEGIN:DAYLIGHT" in text
    assert "TZOFFSETTO:+0200" in text
    # The change back to CET starts at 03:00 CEST, the local time before it.
    assert "DTSTART:20261025T030000" in text
    assert "DTSTART:20260329T020000" in text
