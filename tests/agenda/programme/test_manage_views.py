"""Organizer programme pages: programme or admin role only; forms call the services."""

from datetime import timedelta

import pytest

from agenda.programme.models import Room, Session
from agenda.releases.models import ScheduleRelease
from events.teams.models import Role
from events.teams.services import team_member_add
from tests.agenda.factories import RoomFactory, SessionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/manage/unity/agenda/",
    "/manage/unity/agenda/sessions/new/",
    "/manage/unity/agenda/rooms/",
    "/manage/unity/agenda/tracks/",
    "/manage/unity/agenda/release/",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_the_programme_role(client, event, url):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.CHECKIN)
    client.force_login(user)

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, event, url):
    from django.test import Client

    response = Client().get(url)

    assert response.status_code == 302
    assert "/manage/login/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_a_programme_manager_opens_every_page(client, event, programme_manager, url):
    assert client.get(url).status_code == 200


def test_an_admin_may_too(client, event):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ADMIN)
    client.force_login(user)

    assert client.get("/manage/unity/agenda/").status_code == 200


def test_a_session_is_created_in_the_event_time_zone(client, event, programme_manager):
    room = RoomFactory(event=event)

    response = client.post(
        "/manage/unity/agenda/sessions/new/",
        {
            "title_en": "Heritage panel",
            "kind": "panel",
            "starts_at": f"{event.starts_at.astimezone(event.tzinfo).date().isoformat()}T10:00",
            "ends_at": f"{event.starts_at.astimezone(event.tzinfo).date().isoformat()}T11:00",
            "room": room.pk,
            "status": "confirmed",
            "visibility": "public",
        },
    )

    session = Session.objects.get()
    assert response.status_code == 302
    assert session.starts_at == event.starts_at + timedelta(hours=1)  # 10:00 Dubai


def test_the_form_shows_the_overlap_message(client, event, programme_manager):
    room = RoomFactory(event=event, name={"en": "Hall A"})
    SessionFactory(event=event, room=room, title={"en": "Opening"}, starts_at=event.starts_at)
    day = event.starts_at.astimezone(event.tzinfo).date().isoformat()

    response = client.post(
        "/manage/unity/agenda/sessions/new/",
        {
            "title_en": "Clash",
            "kind": "panel",
            "starts_at": f"{day}T09:30",
            "ends_at": f"{day}T10:30",
            "room": room.pk,
            "status": "confirmed",
            "visibility": "public",
        },
    )

    assert response.status_code == 400
    assert "Hall A is already booked at this time for “Opening”" in response.content.decode()
    assert Session.objects.count() == 1


def test_a_speaker_is_added_by_reference(client, event, programme_manager, make_speaker):
    session = SessionFactory(event=event)
    speaker = make_speaker()

    response = client.post(
        f"/manage/unity/agenda/sessions/{session.pk}/speakers/",
        {"reference": speaker.reference, "role": "chair", "order": 1},
        follow=True,
    )

    assert "added to the session" in response.content.decode()
    assert session.speakers.get().registration == speaker


def test_the_release_page_previews_then_publishes(client, event, programme_manager):
    SessionFactory(event=event, title={"en": "New keynote"})

    preview = client.get("/manage/unity/agenda/release/").content.decode()
    response = client.post("/manage/unity/agenda/release/", {"comment": "First"}, follow=True)

    assert "New keynote" in preview
    assert "Publish version 1" in preview
    assert "Version 1 is published" in response.content.decode()
    assert ScheduleRelease.objects.get().released_by_label == programme_manager.username


def test_rooms_are_created_and_edited(client, event, programme_manager):
    client.post(
        "/manage/unity/agenda/rooms/", {"slug": "majlis", "name_en": "Majlis", "position": 0}
    )
    room = Room.objects.get()

    client.post(
        f"/manage/unity/agenda/rooms/{room.pk}/",
        {"slug": "majlis", "name_en": "Majlis Room", "capacity": 60, "position": 0},
    )

    room.refresh_from_db()
    assert (room.name.get("en"), room.capacity) == ("Majlis Room", 60)


def test_the_organizer_home_links_the_programme(client, event, programme_manager):
    page = client.get("/manage/").content.decode()

    assert "/manage/unity/agenda/" in page
