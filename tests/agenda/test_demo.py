"""The demo programme: two days in Abu Dhabi, released once, idempotent, parseable."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from ical.calendar_stream import IcsCalendarStream

from agenda.programme.models import Room, Session, SessionSpeaker, SpeakerProfile, Track
from agenda.releases.models import ScheduleRelease, SessionRelease
from registrations.delegations.models import Delegation
from registrations.registration.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    from events.summit.models import Event

    return Event.objects.get(slug="unity-for-security")


def test_the_demo_programme_has_two_days_of_sessions_rooms_tracks_and_speakers(demo):
    sessions = Session.objects.filter(event=demo)
    zone = demo.tzinfo

    assert sessions.count() >= 40
    assert Room.objects.filter(event=demo).count() == 5
    assert Track.objects.filter(event=demo).count() == 4
    assert len({s.starts_at.astimezone(zone).date() for s in sessions}) == 2
    assert all(demo.starts_at <= s.starts_at and s.ends_at <= demo.ends_at for s in sessions)
    speakers = SessionSpeaker.objects.filter(session__event=demo).select_related("registration")
    assert len({s.registration_id for s in speakers}) == 30
    assert {s.registration.status for s in speakers} == {"approved"}
    assert (
        Session.objects.filter(event=demo).filter(title__has_key="ar").count() == sessions.count()
    )


def test_the_demo_is_released_once_and_seeding_again_changes_nothing(demo):
    before = list(SessionRelease.objects.values_list("pk", "sequence", "last_modified_at"))

    call_command("seed_demo", stdout=io.StringIO())

    assert ScheduleRelease.objects.filter(event=demo).count() == 1
    assert list(SessionRelease.objects.values_list("pk", "sequence", "last_modified_at")) == before
    assert Session.objects.filter(event=demo).count() == len(before)


def test_the_demo_feed_imports_into_a_calendar_parser(client, demo):
    body = client.get("/e/unity-for-security/agenda.ics").content.decode()

    calendar = IcsCalendarStream.from_ics(body).calendars[0]
    assert len(calendar.events) == Session.objects.filter(event=demo).count()
    assert [tz.tz_id for tz in calendar.timezones] == ["Asia/Dubai"]
    assert all(str(event.dtstart.tzinfo) == "Asia/Dubai" for event in calendar.events)


def test_the_demo_agenda_page_and_a_personal_agenda_render(client, demo):
    from agenda.personal.models import PersonalAgendaItem

    assert client.get("/e/unity-for-security/agenda/").status_code == 200
    item = PersonalAgendaItem.objects.select_related("registration").first()
    registrant = item.registration
    page = client.get(f"/me/{registrant.secret_token}/").content.decode()
    assert f'<html lang="{registrant.language}"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/me/{registrant.secret_token}/").content.decode()
    assert "Sessions you plan to attend" in page


def test_demo_registrants_register_in_the_four_languages_titled_as_their_gender(demo):
    registrants = Registration.objects.filter(event=demo)
    languages = set(registrants.values_list("language", flat=True))
    assert languages == {"en", "ar", "fr", "es"}
    assert not registrants.filter(title__in=["ms", "mrs"], gender="male").exists()
    assert not registrants.filter(title="mr", gender="female").exists()
    assert not registrants.filter(gender="").exists()


def test_demo_speakers_biographies_read_in_the_four_languages(demo):
    bios = [profile.bio for profile in SpeakerProfile.objects.filter(registration__event=demo)]
    assert bios
    assert all(bio.languages == ["en", "ar", "fr", "es"] for bio in bios)


def test_the_demo_summit_reads_in_its_four_languages(demo, client):
    assert demo.languages == ["en", "ar", "fr", "es"]
    assert demo.main_language == "en"
    translated = [
        demo.name,
        demo.description,
        demo.venue_name,
        *(zone.name for zone in demo.zones.exclude(kind="vehicle")),
        *(category.name for category in demo.categories.all()),
        *(delegation.name for delegation in Delegation.objects.filter(event=demo)),
        *(room.name for room in Room.objects.filter(event=demo)),
        *(track.name for track in Track.objects.filter(event=demo)),
        *(session.title for session in Session.objects.filter(event=demo)),
    ]
    assert all(text.languages == ["en", "ar", "fr", "es"] for text in translated)
    opening = Session.objects.get(event=demo, title__en="Opening ceremony")
    assert opening.title.get("fr") == "Cérémonie d'ouverture"
    assert opening.title.get("es") == "Ceremonia de apertura"

    page = client.get("/e/unity-for-security/agenda/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "El tráfico de bienes culturales" in page
    assert "Trafficking in cultural property" not in page


def test_the_demo_plenary_sessions_are_interpreted_into_the_other_three_languages(client, demo):
    plenaries = Session.objects.filter(event=demo, kind__in=["opening", "keynote", "plenary"])
    others = Session.objects.filter(event=demo).exclude(pk__in=plenaries)
    released = {
        snapshot.session_id: snapshot
        for snapshot in SessionRelease.objects.filter(release__event=demo, release__is_current=True)
    }

    assert plenaries.count() == 6
    for session in plenaries:
        snapshot = released[session.pk]
        languages = [row["language"] for row in snapshot.interpretation]
        assert sorted([snapshot.floor_language, *languages]) == ["ar", "en", "es", "fr"]
        channels = {row["language"]: row["channel"] for row in snapshot.interpretation}
        assert channels == {
            code: number
            for code, number in {"ar": "1", "en": "2", "fr": "3", "es": "4"}.items()
            if code != snapshot.floor_language
        }
    assert Session.objects.get(event=demo, title__en="Opening ceremony").floor_language == "ar"
    assert all(not released[session.pk].interpretation for session in others)
    assert {session.floor_language for session in others} == {"en"}
    # Followable in French: the plenaries only, on the page as in the API.
    french = client.get(
        "/api/v1/events/unity-for-security/sessions/", {"interpretation": "fr", "page_size": 100}
    )
    assert {row["id"] for row in french.json()["results"]} == set(
        plenaries.values_list("pk", flat=True)
    )
    page = client.get("/e/unity-for-security/agenda/?interpretation=fr").content.decode()
    assert "Opening ceremony" in page
    assert "Floor: Arabic" in page


def test_interpreters_are_an_invited_category_with_the_booth_zone(demo):
    interpreter = demo.categories.get(slug="interpreter")
    booths = demo.zones.get(slug="interpretation-booths")

    assert set(interpreter.zones.values_list("slug", flat=True)) == {
        "plenary",
        "interpretation-booths",
    }
    assert interpreter.invitation_only
    assert not interpreter.is_public
    assert booths.name.languages == ["en", "ar", "fr", "es"]
    assert booths.name.get("fr") == "Cabines d'interprétation"
