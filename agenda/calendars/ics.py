"""One released session or bilateral meeting as an iCalendar VEVENT (RFC 5545).

Built from `SessionRelease` snapshots alone, so an unchanged programme gives
byte-identical events: `DTSTAMP` and `LAST-MODIFIED` are the time of the
release that last changed the session, never the time of the request. The
files these events go into are agenda/calendars/exporters.py.
"""

from datetime import UTC
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from agenda.programme.models import SessionKind, SpeakerRole
from agenda.releases.models import SessionRelease
from events.absolute_urls import absolute_url
from events.calendar_export import display_alarm
from events.summit.models import Event
from events.translated.text import name_for_reader

# The right-hand side of every UID: fixed, so that moving the site to another
# address does not turn every session into a new calendar entry.
UID_DOMAIN = "summit-agenda"


def session_uid(snapshot: SessionRelease) -> str:
    return f"{snapshot.session_uid}@{UID_DOMAIN}"


def session_url(event: Event, session_id: int) -> str:
    return absolute_url(
        reverse("agenda:session", kwargs={"slug": event.slug, "session_id": session_id})
    )


def speakers_line(snapshot: SessionRelease) -> str:
    names = []
    for speaker in snapshot.speakers:
        name = name_for_reader(speaker["name"], speaker.get("name_ar", ""))
        if speaker["role"] != SpeakerRole.SPEAKER:
            name = f"{name} ({SpeakerRole(speaker['role']).label.lower()})"
        names.append(name)
    return ", ".join(names)


def location(event: Event, snapshot: SessionRelease) -> str:
    parts = [str(snapshot.room_name), str(event.venue_name)]
    return ", ".join(part for part in parts if part)


def language_lines(snapshot: SessionRelease) -> list[str]:
    """The floor language, then one line per interpretation channel, in the feed's language."""
    if not snapshot.shows_languages:
        return []
    lines = [_("Floor language: %(language)s") % {"language": snapshot.floor_language_name}]
    for row in snapshot.interpretation_rows:
        where = []
        if row["channel"]:
            where.append(_("channel %(channel)s") % {"channel": row["channel"]})
        if row["stream_url"]:
            where.append(row["stream_url"])
        lines.append(
            _("Interpretation into %(language)s: %(where)s")
            % {"language": row["name"], "where": ", ".join(where)}
        )
    return lines


def description(event: Event, snapshot: SessionRelease, url: str) -> str:
    lines = []
    if snapshot.is_cancelled:
        lines.append(_("This session is cancelled."))
    speakers = speakers_line(snapshot)
    if speakers:
        lines.append(_("Speakers: %(names)s") % {"names": speakers})
    languages = language_lines(snapshot)
    if languages:
        lines.append("\n".join(languages))
    if snapshot.abstract:
        lines.append(str(snapshot.abstract))
    lines.append(url)
    return "\n\n".join(lines)


def session_vevent(
    event: Event,
    snapshot: SessionRelease,
    *,
    alarm_minutes: int = 0,
    zone: ZoneInfo | None = None,
) -> VEvent:
    """The session as published (in the active language); an alarm unless cancelled."""
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
    component.add("summary", str(snapshot.title))
    component.add("location", location(event, snapshot))
    component.add("description", description(event, snapshot, url))
    component.add("url", url)
    categories = [SessionKind(snapshot.kind).label]
    if snapshot.track_name:
        categories.append(str(snapshot.track_name))
    component.add("categories", categories)
    component.add("transp", "TRANSPARENT" if snapshot.is_cancelled else "OPAQUE")
    if alarm_minutes and not snapshot.is_cancelled:
        component.add_component(
            display_alarm(
                uid=f"{snapshot.session_uid}-alarm@{UID_DOMAIN}",
                description=str(snapshot.title),
                minutes_before=alarm_minutes,
            )
        )
    return component


def bilateral_uid(meeting) -> str:
    return f"bilateral-{meeting.uid}@{UID_DOMAIN}"


def bilateral_title(meeting) -> str:
    return _("Bilateral meeting: %(first)s and %(second)s") % {
        "first": meeting.requester.name,
        "second": meeting.counterpart.name,
    }


def bilateral_vevent(
    event: Event, meeting, *, alarm_minutes: int = 0, zone: ZoneInfo | None = None
) -> VEvent:
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
    room = str(meeting.room.name) if meeting.room_id else ""
    component.add("location", ", ".join(part for part in (room, str(event.venue_name)) if part))
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
        component.add_component(
            display_alarm(
                uid=f"bilateral-{meeting.uid}-alarm@{UID_DOMAIN}",
                description=bilateral_title(meeting),
                minutes_before=alarm_minutes,
            )
        )
    return component
