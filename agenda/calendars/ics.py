"""iCalendar (RFC 5545) output of released sessions: feeds, single sessions, invitations.

Everything is built from `SessionRelease` snapshots alone, so an unchanged
programme gives byte-identical output: `DTSTAMP` and `LAST-MODIFIED` are the
time of the release that last changed the session, never the time of the
request. Times carry the event's `TZID` with a `VTIMEZONE` computed from the
IANA database for the years of the event (never floating, never `TZID:GMT`).
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, vCalAddress
from icalendar import Event as VEvent

from agenda.programme.models import SessionKind, SpeakerRole
from agenda.releases.models import SessionRelease
from events.summit.models import Event
from events.vtimezone import vtimezone

PRODID = "-//Summit//Agenda//EN"
# The right-hand side of every UID: fixed, so that moving the site to another
# address does not turn every session into a new calendar entry.
UID_DOMAIN = "summit-agenda"
REFRESH_INTERVAL = timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def session_uid(snapshot: SessionRelease) -> str:
    return f"{snapshot.session_uid}@{UID_DOMAIN}"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def session_url(event: Event, session_id: int) -> str:
    return absolute_url(
        reverse("agenda:session", kwargs={"slug": event.slug, "session_id": session_id})
    )


def webcal_url(url: str) -> str:
    """The same address with the webcal:// scheme, which calendar apps subscribe to."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


# --- VEVENT -----------------------------------------------------------------------


def _speaker_name(speaker: dict) -> str:
    if translation.get_language() == "ar" and speaker.get("name_ar"):
        return speaker["name_ar"]
    return speaker["name"]


def speakers_line(snapshot: SessionRelease) -> str:
    names = []
    for speaker in snapshot.speakers:
        name = _speaker_name(speaker)
        if speaker["role"] != SpeakerRole.SPEAKER:
            name = f"{name} ({SpeakerRole(speaker['role']).label.lower()})"
        names.append(name)
    return ", ".join(names)


def location(event: Event, snapshot: SessionRelease) -> str:
    parts = [snapshot.room_name, event.venue_name]
    return ", ".join(part for part in parts if part)


def description(event: Event, snapshot: SessionRelease, url: str) -> str:
    lines = []
    if snapshot.is_cancelled:
        lines.append(_("This session is cancelled."))
    speakers = speakers_line(snapshot)
    if speakers:
        lines.append(_("Speakers: %(names)s") % {"names": speakers})
    if snapshot.abstract:
        lines.append(snapshot.abstract)
    lines.append(url)
    return "\n\n".join(lines)


def session_vevent(
    event: Event,
    snapshot: SessionRelease,
    *,
    alarm_minutes: int = 0,
    zone: ZoneInfo | None = None,
) -> VEvent:
    zone = zone or event.tzinfo
    url = session_url(event, snapshot.session_id)
    component = VEvent()
    component.add("uid", session_uid(snapshot))
    component.add("dtstamp", snapshot.last_modified_at.astimezone(UTC))
    component.add("last-modified", snapshot.last_modified_at.astimezone(UTC))
    component.add("dtstart", snapshot.starts_at.astimezone(zone))
    component.add("dtend", snapshot.ends_at.astimezone(zone))
    component.add("sequence", snapshot.sequence)
    component.add("status", "CANCELLED" if snapshot.is_cancelled else "CONFIRMED")
    component.add("summary", snapshot.title)
    component.add("location", location(event, snapshot))
    component.add("description", description(event, snapshot, url))
    component.add("url", url)
    categories = [SessionKind(snapshot.kind).label]
    if snapshot.track_name:
        categories.append(snapshot.track_name)
    component.add("categories", categories)
    component.add("transp", "TRANSPARENT" if snapshot.is_cancelled else "OPAQUE")
    if alarm_minutes and not snapshot.is_cancelled:
        alarm = Alarm()
        alarm.add("uid", f"{snapshot.session_uid}-alarm@{UID_DOMAIN}")
        alarm.add("action", "DISPLAY")
        alarm.add("description", snapshot.title)
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        component.add_component(alarm)
    return component


# --- Calendars ----------------------------------------------------------------------


def _calendar(event: Event, *, name: str, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", event.timezone)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH_INTERVAL)
    return calendar


def _add_timezone(calendar: Calendar, event: Event) -> None:
    if event.timezone != "UTC":
        first = event.starts_at.astimezone(event.tzinfo).date()
        last = event.ends_at.astimezone(event.tzinfo).date()
        calendar.add_component(vtimezone(event.timezone, first, last))


END_CALENDAR = b"END:VCALENDAR\r\n"


def calendar_feed(
    *,
    event: Event,
    sessions: Iterable[SessionRelease],
    name: str,
    language: str = "en",
    alarm_minutes: int = 0,
    render: Callable[[list[SessionRelease]], list[bytes]] | None = None,
    bilaterals: Iterable = (),
) -> bytes:
    """A subscription feed (METHOD:PUBLISH) of the given released sessions.

    `render`, when given, turns the sessions into their VEVENT bytes (for
    example from a cache); by default each is built with `vevent_bytes`.
    `bilaterals` (personal feeds only) adds those bilateral meetings after them.
    """
    sessions = list(sessions)
    with translation.override(language):
        calendar = _calendar(event, name=name, method="PUBLISH")
        _add_timezone(calendar, event)
        head = calendar.to_ical()
        if render is None:
            zone = event.tzinfo
            vevents = [
                vevent_bytes(event, snapshot, alarm_minutes=alarm_minutes, zone=zone)
                for snapshot in sessions
            ]
        else:
            vevents = render(sessions)
        vevents = [
            *vevents,
            *(
                bilateral_vevent(
                    event, meeting, alarm_minutes=alarm_minutes, zone=event.tzinfo
                ).to_ical()
                for meeting in bilaterals
            ),
        ]
    # to_ical() of the calendar without events ends with END:VCALENDAR; the
    # events go just before it, exactly where add_component would put them.
    return head[: -len(END_CALENDAR)] + b"".join(vevents) + END_CALENDAR


def vevent_bytes(
    event: Event, snapshot: SessionRelease, *, alarm_minutes: int = 0, zone=None
) -> bytes:
    """One session's VEVENT, serialized (in the active language)."""
    return session_vevent(event, snapshot, alarm_minutes=alarm_minutes, zone=zone).to_ical()


def invitation_ics(
    *,
    event: Event,
    sessions: Iterable[SessionRelease],
    method: str,
    attendee_email: str,
    attendee_name: str = "",
    language: str = "en",
) -> bytes:
    """An iTIP message for an email attachment: METHOD:REQUEST or METHOD:CANCEL (RFC 5546).

    REQUEST adds or updates the sessions in the recipient's calendar; CANCEL
    removes them (every VEVENT is then STATUS:CANCELLED). Each VEVENT names the
    organizer (the sender address) and the recipient as attendee, with the
    session's UID and SEQUENCE, as iTIP requires.
    """
    if method not in {"REQUEST", "CANCEL"}:
        raise ValueError("method must be REQUEST or CANCEL")
    from email.utils import parseaddr

    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    with translation.override(language):
        calendar = _calendar(event, name=event.name, method=method)
        _add_timezone(calendar, event)
        for snapshot in sessions:
            if (method == "CANCEL") != snapshot.is_cancelled:
                raise ValueError("CANCEL carries cancelled sessions only, REQUEST the others")
            component = session_vevent(event, snapshot)
            organizer = vCalAddress(f"mailto:{organizer_email or 'no-reply@summit.local'}")
            organizer.params["CN"] = organizer_name or "Summit"
            component.add("organizer", organizer)
            attendee = vCalAddress(f"mailto:{attendee_email}")
            if attendee_name:
                attendee.params["CN"] = attendee_name
            attendee.params["ROLE"] = "REQ-PARTICIPANT"
            attendee.params["PARTSTAT"] = "NEEDS-ACTION"
            attendee.params["RSVP"] = "FALSE"
            component.add("attendee", attendee)
            calendar.add_component(component)
        return calendar.to_ical()


# --- Bilateral meetings ------------------------------------------------------------------


def bilateral_uid(meeting) -> str:
    return f"bilateral-{meeting.uid}@{UID_DOMAIN}"


def bilateral_title(meeting) -> str:
    return _("Bilateral meeting: %(first)s and %(second)s") % {
        "first": meeting.requester.name,
        "second": meeting.counterpart.name,
    }


def bilateral_vevent(event: Event, meeting, *, alarm_minutes: int = 0, zone=None) -> VEvent:
    """A confirmed (or cancelled) bilateral meeting; private, never in the public feeds.

    No URL: the meeting's page is the delegation's secret page, which a member's
    calendar must not carry.
    """
    zone = zone or event.tzinfo
    stamp = meeting.changed_at.astimezone(UTC)
    component = VEvent()
    component.add("uid", bilateral_uid(meeting))
    component.add("dtstamp", stamp)
    component.add("last-modified", stamp)
    component.add("dtstart", meeting.starts_at.astimezone(zone))
    component.add("dtend", meeting.ends_at.astimezone(zone))
    component.add("sequence", meeting.sequence)
    component.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    component.add("class", "PRIVATE")
    component.add("summary", bilateral_title(meeting))
    room = meeting.room.name if meeting.room_id else ""
    component.add("location", ", ".join(part for part in (room, event.venue_name) if part))
    lines = []
    if meeting.is_cancelled:
        lines.append(_("This meeting is cancelled."))
    if meeting.subject:
        lines.append(_("Subject: %(subject)s") % {"subject": meeting.subject})
    if not room and not meeting.is_cancelled:
        lines.append(_("The organizers will assign a room."))
    if lines:
        component.add("description", "\n\n".join(lines))
    component.add("categories", [_("Bilateral meeting")])
    component.add("transp", "TRANSPARENT" if meeting.is_cancelled else "OPAQUE")
    if alarm_minutes and not meeting.is_cancelled:
        alarm = Alarm()
        alarm.add("uid", f"bilateral-{meeting.uid}-alarm@{UID_DOMAIN}")
        alarm.add("action", "DISPLAY")
        alarm.add("description", bilateral_title(meeting))
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        component.add_component(alarm)
    return component


def bilateral_invitation_ics(
    *,
    event: Event,
    meeting,
    method: str,
    attendee_email: str,
    attendee_name: str = "",
    language: str = "en",
) -> bytes:
    """The meeting as an iTIP REQUEST (confirmed, moved, new room) or CANCEL (RFC 5546)."""
    if method not in {"REQUEST", "CANCEL"} or (method == "CANCEL") != meeting.is_cancelled:
        raise ValueError("CANCEL carries a cancelled meeting, REQUEST a confirmed one")
    from email.utils import parseaddr

    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    with translation.override(language):
        calendar = _calendar(event, name=event.name, method=method)
        _add_timezone(calendar, event)
        component = bilateral_vevent(event, meeting)
        organizer = vCalAddress(f"mailto:{organizer_email or 'no-reply@summit.local'}")
        organizer.params["CN"] = organizer_name or "Summit"
        component.add("organizer", organizer)
        attendee = vCalAddress(f"mailto:{attendee_email}")
        if attendee_name:
            attendee.params["CN"] = attendee_name
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        attendee.params["RSVP"] = "FALSE"
        component.add("attendee", attendee)
        calendar.add_component(component)
        return calendar.to_ical()


# --- "Add to calendar" links ------------------------------------------------------------


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event: Event, snapshot: SessionRelease) -> str:
    url = session_url(event, snapshot.session_id)
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": snapshot.title,
            "dates": f"{_utc_stamp(snapshot.starts_at)}/{_utc_stamp(snapshot.ends_at)}",
            "ctz": event.timezone,
            "details": description(event, snapshot, url),
            "location": location(event, snapshot),
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"


def outlook_calendar_url(
    event: Event, snapshot: SessionRelease, *, host: str = "outlook.office.com"
) -> str:
    """Outlook on the web (Microsoft 365); `host="outlook.live.com"` for Outlook.com."""
    url = session_url(event, snapshot.session_id)
    query = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": snapshot.title,
            "startdt": snapshot.starts_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "enddt": snapshot.ends_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "body": description(event, snapshot, url),
            "location": location(event, snapshot),
        }
    )
    return f"https://{host}/calendar/0/deeplink/compose?{query}"


def google_subscribe_url(feed_url: str) -> str:
    return "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal_url(feed_url)})


def outlook_subscribe_url(feed_url: str, *, host: str = "outlook.office.com") -> str:
    """Subscribe in Outlook on the web (Microsoft 365); `host="outlook.live.com"`: Outlook.com."""
    return f"https://{host}/calendar/0/addfromweb?" + urlencode({"url": feed_url})


def calendar_name(event: Event, *, personal: bool = False) -> str:
    if personal:
        return _("%(event)s — my agenda") % {"event": event.name}
    return _("%(event)s — programme") % {"event": event.name}
