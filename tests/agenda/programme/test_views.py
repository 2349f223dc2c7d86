"""Public agenda pages: released programme only, days, filters, time zone, Arabic."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agenda.programme.models import SpeakerProfile
from agenda.programme.services import session_update
from tests.agenda.factories import RoomFactory, SessionFactory, SessionSpeakerFactory, TrackFactory
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(event, release, make_speaker):
    cyber = TrackFactory(
        event=event, slug="cyber", name={"en": "Cybercrime", "ar": "الجرائم الإلكترونية"}
    )
    hall = RoomFactory(event=event, slug="hall-a", name={"en": "Hall A", "ar": "القاعة أ"})
    speaker = make_speaker(first_name="Amina", last_name="Haddad", name_ar="أمينة حداد")
    keynote = SessionFactory(
        event=event,
        title={"en": "Keynote", "ar": "الكلمة الرئيسية"},
        kind="keynote",
        room=hall,
        starts_at=event.starts_at,
    )
    panel = SessionFactory(
        event=event,
        title={"en": "Ransomware panel"},
        track=cyber,
        starts_at=event.starts_at + timedelta(hours=2),
    )
    SessionSpeakerFactory(session=panel, registration=speaker)
    day_two = SessionFactory(
        event=event,
        title={"en": "Closing plenary"},
        kind="plenary",
        starts_at=event.starts_at + timedelta(days=1, hours=1),
    )
    release(event)
    return {"keynote": keynote, "panel": panel, "day_two": day_two, "speaker": speaker}


def test_the_agenda_shows_the_first_day_with_day_tabs_and_the_time_zone(client, event, programme):
    page = client.get("/e/unity/agenda/").content.decode()

    assert "Keynote" in page
    assert "Ransomware panel" in page
    assert "Closing plenary" not in page
    day_one = event.starts_at.astimezone(event.tzinfo).date()
    day_two = day_one + timedelta(days=1)
    assert f'href="?day={day_one.isoformat()}" aria-current="page"' in page
    assert f'href="?day={day_two.isoformat()}"' in page
    assert "All times in <bdi>Dubai (UTC+04:00)</bdi>" in page
    assert ">09:00</time>" in page  # the event's local time, not UTC


def test_a_day_tab_shows_that_day(client, event, programme):
    day_two = event.starts_at.astimezone(event.tzinfo).date() + timedelta(days=1)

    page = client.get(f"/e/unity/agenda/?day={day_two.isoformat()}").content.decode()

    assert ">Closing plenary</a>" in page
    assert ">Keynote</a>" not in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("track=cyber", "Ransomware panel", "Keynote"),
        ("room=hall-a", "Keynote", "Ransomware panel"),
        ("kind=keynote", "Keynote", "Ransomware panel"),
    ],
)
def test_filters_narrow_the_day(client, programme, query, shown, hidden):
    page = client.get(f"/e/unity/agenda/?{query}").content.decode()

    assert f">{shown}</a>" in page
    assert f">{hidden}</a>" not in page


def test_the_speaker_filter_keeps_their_sessions(client, programme):
    page = client.get(f"/e/unity/agenda/?speaker={programme['speaker'].pk}").content.decode()

    assert ">Ransomware panel</a>" in page
    assert ">Keynote</a>" not in page


def test_draft_changes_stay_off_the_public_pages(client, event, programme, actor):
    session_update(
        session_id=programme["keynote"].pk,
        actor=actor,
        changes={"title": {"en": "Secret new title"}},
    )
    SessionFactory(
        event=event,
        title={"en": "Unpublished session"},
        starts_at=event.starts_at + timedelta(hours=4),
    )

    page = client.get("/e/unity/agenda/").content.decode()
    api = client.get("/api/v1/events/unity/sessions/").content.decode()

    for body in (page, api):
        assert "Secret new title" not in body
        assert "Unpublished session" not in body
        assert "Keynote" in body


def test_an_unpublished_programme_says_so(client, event):
    SessionFactory(event=event, title={"en": "Draft only"})

    page = client.get("/e/unity/agenda/").content.decode()

    assert "The programme will be published here soon." in page
    assert "Draft only" not in page


def test_each_session_offers_calendar_links_and_the_agenda_a_subscription(client, event, programme):
    page = client.get("/e/unity/agenda/").content.decode()

    keynote = programme["keynote"].pk
    assert f'href="/e/unity/sessions/{keynote}.ics"' in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "ctz=Asia%2FDubai" in page
    assert "https://outlook.office.com/calendar/0/deeplink/compose?" in page
    assert 'href="webcal://127.0.0.1:8000/e/unity/agenda.ics"' in page


def test_the_session_page_shows_time_room_and_speakers(client, event, programme):
    page = client.get(f"/e/unity/sessions/{programme['panel'].pk}/").content.decode()

    assert "Ransomware panel" in page
    assert "Amina Haddad" in page
    assert f"/e/unity/speakers/{programme['speaker'].pk}/" in page
    assert "Times in <bdi>Dubai (UTC+04:00)</bdi>" in page


def test_an_unreleased_session_page_is_not_found(client, event, programme):
    draft = SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=5))

    assert client.get(f"/e/unity/sessions/{draft.pk}/").status_code == 404
    assert client.get(f"/e/unity/sessions/{draft.pk}.ics").status_code == 404
    assert client.get(f"/e/other/sessions/{draft.pk}/").status_code == 404


def test_the_speaker_page_shows_a_public_profile_only(client, event, programme):
    profile = SpeakerProfile.objects.create(
        registration=programme["speaker"], bio={"en": "Head of the cyber unit."}, is_public=False
    )
    url = f"/e/unity/speakers/{programme['speaker'].pk}/"

    hidden = client.get(url).content.decode()
    profile.is_public = True
    profile.save()
    shown = client.get(url).content.decode()

    assert "Amina Haddad" in hidden
    assert "Head of the cyber unit." not in hidden
    assert "Head of the cyber unit." in shown
    assert "Ransomware panel" in shown


def test_a_public_speaker_photo_is_served(client, event, programme, settings):
    SpeakerProfile.objects.create(
        registration=programme["speaker"],
        photo=SimpleUploadedFile("amina.jpg", b"\xff\xd8\xff\xe0photo"),
    )

    response = client.get(f"/e/unity/speakers/{programme['speaker'].pk}/photo")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0photo"


def test_someone_who_speaks_nowhere_has_no_speaker_page(
    client, event, programme, make_registration
):
    assert client.get(f"/e/unity/speakers/{make_registration().pk}/").status_code == 404


def test_the_agenda_in_arabic_is_right_to_left(client, event, programme):
    page = client.get("/e/unity/agenda/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert 'dir="rtl"' in page
    assert "جميع الأوقات بتوقيت <bdi>دبي (\u2066UTC+04:00\u2069)</bdi>" in page
    assert "الكلمة الرئيسية" in page
    assert "أمينة حداد" in page


def test_a_draft_event_has_no_public_agenda(client):
    EventFactory(slug="hidden", is_published=False)

    assert client.get("/e/hidden/agenda/").status_code == 404
