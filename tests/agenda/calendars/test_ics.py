"""Calendar feeds: RFC 5545 output checked with two independent parsers.

Parsers accept broken input, so each feed is read by icalendar and by the `ical`
package, and every field is compared with what the release says.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from agenda.calendars import feeds
from agenda.calendars.exporters import ProgrammeExporter, SessionInvitationExporter
from agenda.calendars.ics import session_uid
from agenda.programme.interpretation import ChannelInput
from agenda.programme.services import session_update
from agenda.releases.models import SessionRelease
from tests.agenda.factories import RoomFactory, SessionFactory, SessionSpeakerFactory
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def released(event) -> dict[int, SessionRelease]:
    return {
        s.session_id: s
        for s in SessionRelease.objects.filter(release__event=event, release__is_current=True)
    }


def parse_both(body: bytes):
    return Calendar.from_ical(body), IcsCalendarStream.from_ics(body.decode()).calendars[0]


def assert_well_formed(body: bytes, event, snapshots: dict[int, SessionRelease]):
    """Every VEVENT: UID, DTSTAMP in UTC, TZID with a VTIMEZONE, end after start — both parsers."""
    assert b"\r\n" in body
    assert b"TZID=GMT" not in body
    assert b"TZID:GMT" not in body
    first, second = parse_both(body)
    zone_ids = {str(tz["TZID"]) for tz in first.walk("VTIMEZONE")}
    assert zone_ids == {event.timezone}
    assert {tz.tz_id for tz in second.timezones} == {event.timezone}
    by_uid = {session_uid(s): s for s in snapshots.values()}
    one = first.walk("VEVENT")
    two = {item.uid: item for item in second.events}
    assert len(one) == len(two) == len(snapshots)
    for component in one:
        uid = str(component["UID"])
        snapshot = by_uid[uid]
        other = two[uid]
        dtstamp = component.decoded("DTSTAMP")
        assert dtstamp.tzinfo is not None
        assert dtstamp.utcoffset() == timedelta(0)
        assert dtstamp == snapshot.last_modified_at == other.dtstamp
        start, end = component["DTSTART"], component["DTEND"]
        assert start.params["TZID"] == end.params["TZID"] == event.timezone
        assert start.dt == snapshot.starts_at == other.dtstart
        assert end.dt == snapshot.ends_at == other.dtend
        assert end.dt > start.dt
        assert str(other.dtstart.tzinfo) == event.timezone
        assert component["SEQUENCE"] == snapshot.sequence == other.sequence
        status = "CANCELLED" if snapshot.is_cancelled else "CONFIRMED"
        assert component["STATUS"] == status == other.status.value
        assert str(component["SUMMARY"]) == snapshot.title.get("en") == other.summary
        assert str(component["LOCATION"]) == other.location
        assert snapshot.room_name.get("en") in other.location
        assert event.venue_name.get("en") in other.location
        url = f"http://testserver.example/e/{event.slug}/sessions/{snapshot.session_id}/"
        assert str(component["URL"]) == url == other.url
        for speaker in snapshot.speakers:
            assert speaker["name"] in other.description
            assert speaker["name"] in str(component["DESCRIPTION"])
    return first, second


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver.example"


@pytest.fixture
def programme(event, release, make_speaker):
    hall = RoomFactory(event=event, name={"en": "Hall A"})
    keynote = SessionFactory(
        event=event,
        room=hall,
        title={"en": "Keynote", "ar": "الجلسة الرئيسية"},
        starts_at=event.starts_at,
    )
    panel = SessionFactory(
        event=event,
        room=RoomFactory(event=event, name={"en": "Majlis"}),
        title={"en": "Cybercrime, ransomware; and you", "ar": "الجلسة الثانية"},
        starts_at=event.starts_at + timedelta(hours=2),
    )
    SessionSpeakerFactory(session=panel, registration=make_speaker(first_name="Amina"), order=0)
    SessionSpeakerFactory(
        session=panel, registration=make_speaker(first_name="Jean"), role="moderator", order=1
    )
    release(event)
    return {"keynote": keynote, "panel": panel}


def test_the_agenda_feed_is_valid_for_two_parsers(client, event, programme):
    response = client.get("/e/unity/agenda.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    first, _second = assert_well_formed(response.content, event, released(event))
    assert str(first["X-WR-CALNAME"]) == "Unity Summit — programme"
    assert first["METHOD"] == "PUBLISH"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content


def test_descriptions_name_the_speakers_and_their_roles(client, event, programme):
    body = client.get(f"/e/unity/sessions/{programme['panel'].pk}.ics").content

    (component,) = Calendar.from_ical(body).walk("VEVENT")
    assert "Speakers: Amina" in str(component["DESCRIPTION"])
    assert "(moderator)" in str(component["DESCRIPTION"])


def test_a_single_session_feed_is_valid(client, event, programme):
    response = client.get(f"/e/unity/sessions/{programme['keynote'].pk}.ics")

    snapshot = released(event)[programme["keynote"].pk]
    assert_well_formed(response.content, event, {snapshot.session_id: snapshot})


def test_the_feed_is_byte_identical_and_uids_are_stable_over_100_requests(client, event, programme):
    bodies = set()
    uids = set()
    for _ in range(100):
        from django.core.cache import cache

        cache.clear()  # rebuild, not replay
        body = client.get("/e/unity/agenda.ics").content
        bodies.add(body)
        uids.add(tuple(str(c["UID"]) for c in Calendar.from_ical(body).walk("VEVENT")))

    assert len(bodies) == 1
    assert len(uids) == 1


def test_the_cached_feed_gives_exactly_the_bytes_of_a_whole_calendar_build(event, programme):
    from agenda.releases.selectors import current_release, release_sessions

    sessions = release_sessions(release=current_release(event=event))
    whole = ProgrammeExporter(event, sessions=sessions, language="ar").get_data()

    built, _modified = feeds.agenda_feed(event=event, language="ar")
    cached, _modified = feeds.agenda_feed(event=event, language="ar")

    assert built.content == whole  # built, and cached per release and language
    assert cached.content == whole  # from the cache
    assert cached.filename == "unity-agenda.ics"
    assert cached.content_type == "text/calendar; charset=utf-8"


def test_uids_and_stamps_survive_a_release_that_changes_another_session(
    client, event, programme, release, actor
):
    before = Calendar.from_ical(client.get("/e/unity/agenda.ics").content)
    session_update(
        session_id=programme["panel"].pk, actor=actor, changes={"title": {"en": "Panel"}}
    )
    release(event)
    after = Calendar.from_ical(client.get("/e/unity/agenda.ics").content)

    def stamps(calendar):
        return {
            str(c["UID"]): (c.decoded("DTSTAMP"), c["SEQUENCE"]) for c in calendar.walk("VEVENT")
        }

    keynote_uid = f"{programme['keynote'].uid}@summit-agenda"
    panel_uid = f"{programme['panel'].uid}@summit-agenda"
    assert stamps(before).keys() == stamps(after).keys()
    assert stamps(before)[keynote_uid] == stamps(after)[keynote_uid]
    assert stamps(after)[panel_uid][0] >= stamps(before)[panel_uid][0]
    assert stamps(after)[panel_uid][1] == 0


def test_a_cancelled_session_stays_in_the_feed_with_a_higher_sequence(
    client, event, programme, release, actor
):
    session_update(session_id=programme["keynote"].pk, actor=actor, changes={"status": "cancelled"})
    release(event)

    body = client.get("/e/unity/agenda.ics").content

    _first, second = assert_well_formed(body, event, released(event))
    keynote = next(e for e in second.events if e.summary == "Keynote")
    assert keynote.status.value == "CANCELLED"
    assert keynote.sequence == 1


def test_conditional_get_answers_304(client, event, programme):
    response = client.get("/e/unity/agenda.ics")
    etag, modified = response["ETag"], response["Last-Modified"]
    stamp = max(s.last_modified_at for s in released(event).values())
    assert modified == http_date(stamp.timestamp())

    assert client.get("/e/unity/agenda.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/e/unity/agenda.ics", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/e/unity/agenda.ics", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_new_release_changes_the_etag(client, event, programme, release, actor):
    etag = client.get("/e/unity/agenda.ics")["ETag"]
    session_update(
        session_id=programme["keynote"].pk,
        actor=actor,
        changes={
            "starts_at": event.starts_at + timedelta(hours=5),
            "ends_at": event.starts_at + timedelta(hours=6),
        },
    )
    release(event)

    response = client.get("/e/unity/agenda.ics", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_feed_follows_the_language_asked_for(client, event, programme):
    body = client.get("/e/unity/agenda.ics?lang=ar").content

    calendar = Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]).startswith("قمة الاتحاد")
    summaries = [str(c["SUMMARY"]) for c in calendar.walk("VEVENT")]
    assert summaries
    assert all(summary.startswith("الجلسة") for summary in summaries)


def test_an_event_without_a_release_serves_an_empty_valid_calendar(client, event):
    SessionFactory(event=event)

    response = client.get("/e/unity/agenda.ics")

    first, second = parse_both(response.content)
    assert first.walk("VEVENT") == []
    assert second.events == []


def test_a_draft_event_has_no_public_feed(client):
    EventFactory(slug="hidden", is_published=False)

    assert client.get("/e/hidden/agenda.ics").status_code == 404


def test_the_query_count_of_the_feed_does_not_grow_with_sessions(
    client, event, release, make_speaker
):
    from django.core.cache import cache

    def count_queries():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/e/unity/agenda.ics").status_code == 200
        return len(queries)

    room = RoomFactory(event=event)
    SessionFactory(event=event, room=room, starts_at=event.starts_at)
    release(event)
    small = count_queries()
    for hour in range(1, 25):
        session = SessionFactory(
            event=event,
            room=room,
            starts_at=event.starts_at + timedelta(hours=hour, minutes=5),
            ends_at=event.starts_at + timedelta(hours=hour, minutes=55),
        )
        SessionSpeakerFactory(session=session, registration=make_speaker())
        SessionSpeakerFactory(session=session, registration=make_speaker())
    release(event)

    assert count_queries() == small


def saturday_before_october_change() -> datetime:
    """10:00 on the Saturday before the last Sunday of October, next year (naive)."""
    year = datetime.now(UTC).year + 1
    last_day = datetime(year, 10, 31, 10)  # noqa: DTZ001 - a local wall time
    sunday = last_day - timedelta(days=(last_day.weekday() + 1) % 7)
    return sunday - timedelta(days=1)


@pytest.mark.parametrize(
    ("zone", "offsets"),
    [
        # Vienna leaves summer time on the last Sunday of October at 03:00 local.
        ("Europe/Vienna", ["+02:00", "+01:00"]),
        ("Asia/Dubai", ["+04:00", "+04:00"]),
    ],
)
def test_times_across_the_october_change_keep_their_local_time(client, release, zone, offsets):
    tz = ZoneInfo(zone)
    starts = saturday_before_october_change().replace(tzinfo=tz)
    event = EventFactory(
        slug="dst",
        timezone=zone,
        starts_at=starts,
        ends_at=starts + timedelta(days=2),
        registration_opens_at=None,
        registration_closes_at=None,
    )
    saturday = SessionFactory(event=event, starts_at=starts, ends_at=starts + timedelta(hours=1))
    sunday_start = starts + timedelta(days=1)  # 10:00 local on Sunday, after the change
    sunday = SessionFactory(
        event=event, starts_at=sunday_start, ends_at=sunday_start + timedelta(hours=1)
    )
    release(event)

    body = client.get("/e/dst/agenda.ics").content

    assert_well_formed(body, event, released(event))
    calendar = Calendar.from_ical(body)
    (vtz,) = calendar.walk("VTIMEZONE")
    from_vtimezone = vtz.to_tz()
    events = {str(c["SUMMARY"]): c for c in calendar.walk("VEVENT")}
    for session, offset in zip([saturday, sunday], offsets, strict=True):
        component = events[session.title.get("en")]
        assert b"T100000" in component["DTSTART"].to_ical()
        local = component.decoded("DTSTART").replace(tzinfo=None)
        # The VTIMEZONE alone (not the IANA database) gives the right UTC instant.
        assert local.replace(tzinfo=from_vtimezone).astimezone(UTC) == session.starts_at
        assert local.replace(tzinfo=tz).isoformat().endswith(offset)
    ical_events = {
        e.summary: e for e in IcsCalendarStream.from_ics(body.decode()).calendars[0].events
    }
    assert ical_events[sunday.title.get("en")].dtstart.astimezone(UTC) == sunday.starts_at


def test_invitation_attachments_use_request_and_cancel(event, programme, release, actor):
    snapshot = released(event)[programme["keynote"].pk]

    request = Calendar.from_ical(
        SessionInvitationExporter(
            event,
            sessions=[snapshot],
            method="REQUEST",
            attendee_email="amina@example.org",
            attendee_name="Amina Haddad",
        ).get_data()
    )
    assert request["METHOD"] == "REQUEST"
    (component,) = request.walk("VEVENT")
    assert str(component["ATTENDEE"]) == "mailto:amina@example.org"
    assert component["ATTENDEE"].params["CN"] == "Amina Haddad"
    assert str(component["UID"]) == session_uid(snapshot)
    with pytest.raises(ValueError, match="CANCEL carries cancelled sessions only"):
        SessionInvitationExporter(
            event, sessions=[snapshot], method="CANCEL", attendee_email="a@b.org"
        )

    session_update(session_id=programme["keynote"].pk, actor=actor, changes={"status": "cancelled"})
    release(event)
    cancelled = released(event)[programme["keynote"].pk]
    body = SessionInvitationExporter(
        event, sessions=[cancelled], method="CANCEL", attendee_email="amina@example.org"
    ).get_data()
    cancel = Calendar.from_ical(body)
    assert cancel["METHOD"] == "CANCEL"
    (component,) = cancel.walk("VEVENT")
    assert component["STATUS"] == "CANCELLED"
    assert component["SEQUENCE"] == 1
    assert IcsCalendarStream.from_ics(body.decode()).calendars[0].events[0].sequence == 1


def test_a_release_builds_the_feeds_after_commit(
    event, release, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    SessionFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        published = release(event)

    for language in ("en", "ar"):  # built before any request
        key = feeds.feed_cache_key(event=event, release=published, language=language)
        assert cache.get(key) is not None
    file, _modified = feeds.agenda_feed(event=event, language="en")
    assert b"BEGIN:VEVENT" in file.content


def test_the_feed_is_cached_per_release_digest_language_event_and_site_url(
    client, event, programme, release, actor, settings
):
    from agenda.releases.selectors import current_release

    first = current_release(event=event)
    key = feeds.feed_cache_key(event=event, release=first, language="en")
    assert first.content_digest in key
    assert key != feeds.feed_cache_key(event=event, release=first, language="ar")
    session_update(
        session_id=programme["panel"].pk, actor=actor, changes={"title": {"en": "Panel"}}
    )
    second = release(event)
    assert key != feeds.feed_cache_key(event=event, release=second, language="en")
    settings.SITE_URL = "https://summit.example"
    assert "https://summit.example/e/unity/" in client.get("/e/unity/agenda.ics").content.decode()


def test_an_edit_of_the_event_reaches_the_feed_without_a_release(client, event, programme):
    before = Calendar.from_ical(client.get("/e/unity/agenda.ics").content)
    event.name = {"en": "Unity Summit 2"}
    event.save()

    after = Calendar.from_ical(client.get("/e/unity/agenda.ics").content)

    assert str(before["X-WR-CALNAME"]) == "Unity Summit — programme"
    assert str(after["X-WR-CALNAME"]) == "Unity Summit 2 — programme"


# --- Interpretation in the feed ---------------------------------------------------------

STREAM = "https://stream.example.org/unity/fr"


@pytest.fixture
def interpreted(event, programme, release, actor):
    """The keynote spoken in Arabic, interpreted into English (channel 2) and French
    (channel 3 and a stream); released."""
    session_update(
        session_id=programme["keynote"].pk,
        actor=actor,
        changes={"floor_language": "ar"},
        interpretation=[ChannelInput("en", "2"), ChannelInput("fr", "3", STREAM)],
    )
    release(event)
    return programme


def descriptions(body: bytes) -> dict[str, str]:
    """SUMMARY → DESCRIPTION, read by both parsers (which must agree)."""
    first, second = parse_both(body)
    one = {str(c["SUMMARY"]): str(c["DESCRIPTION"]) for c in first.walk("VEVENT")}
    two = {item.summary: item.description for item in second.events}
    assert one == two
    return one


def test_the_feed_names_the_floor_language_and_each_channel(client, event, interpreted):
    body = client.get("/e/unity/agenda.ics").content

    texts = descriptions(body)
    keynote = texts["Keynote"].splitlines()
    assert "Floor language: Arabic" in keynote
    assert "Interpretation into English: channel 2" in keynote
    assert f"Interpretation into French: channel 3, {STREAM}" in keynote
    # The panel is in the main language, without interpretation: no language lines.
    assert "Floor language" not in texts["Cybercrime, ransomware; and you"]


def test_the_feed_names_the_languages_in_the_feed_language(client, event, interpreted):
    body = client.get(f"/e/unity/sessions/{interpreted['keynote'].pk}.ics?lang=fr").content

    (text,) = descriptions(body).values()
    assert "Arabe" in text
    assert "Anglais" in text
    assert "Français" in text
    assert STREAM in text


def test_a_change_of_interpretation_reaches_the_feed(client, event, interpreted, release, actor):
    before = client.get("/e/unity/agenda.ics")
    session_update(
        session_id=interpreted["keynote"].pk,
        actor=actor,
        changes={},
        interpretation=[ChannelInput("en", "2"), ChannelInput("es", "4")],
    )
    release(event)

    after = client.get("/e/unity/agenda.ics", HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    keynote = descriptions(after.content)["Keynote"]
    assert "Interpretation into Spanish: channel 4" in keynote
    assert "French" not in keynote
    (component,) = [
        c for c in Calendar.from_ical(after.content).walk("VEVENT") if c["SUMMARY"] == "Keynote"
    ]
    # A new DTSTAMP, the same SEQUENCE: not a reschedule.
    assert component["SEQUENCE"] == 0
