"""The setup API of rooms and tracks (admin): what a client reads and is refused."""

from datetime import timedelta

import pytest

from agenda.bilaterals.services import bilateral_accept, bilateral_request
from agenda.programme.models import Room, Session, Track
from events.audit.models import AuditEntry
from events.teams.models import Role
from events.tokens.services import api_token_issue
from tests.agenda.bilateral_factories import bilateral_room, delegation_with_head, slot
from tests.agenda.factories import RoomFactory, SessionFactory, TrackFactory
from tests.factories import AccessZoneFactory

pytestmark = pytest.mark.django_db

EMPTY = {"en": "", "ar": "", "fr": "", "es": ""}


def bearer(event, role=Role.ADMIN) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(event=event, role=role)[1]}"}


@pytest.fixture
def admin(api_client, event):
    api_client.credentials(**bearer(event))
    return api_client


@pytest.fixture
def plenary(event):
    return AccessZoneFactory(event=event, slug="plenary", name={"en": "Plenary hall"})


# --- Rooms ---------------------------------------------------------------------------------


def test_an_admin_adds_a_room_in_a_zone_and_reads_it_as_saved(admin, event, plenary):
    response = admin.post(
        "/api/v1/events/unity/rooms/",
        {
            "slug": "hall-a",
            "name": {"en": "Hall A", "ar": "القاعة أ"},
            "capacity": 300,
            "zone": "plenary",
            "is_bilateral": False,
            "position": 1,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    room = Room.objects.get(event=event, slug="hall-a")
    assert body == {
        "id": room.pk,
        "slug": "hall-a",
        "name": {**EMPTY, "en": "Hall A", "ar": "القاعة أ"},
        "name_text": "Hall A",
        "capacity": 300,
        "zone": "plenary",
        "is_bilateral": False,
        "position": 1,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert admin.get(f"/api/v1/events/unity/rooms/{room.pk}/").json() == body
    assert AuditEntry.objects.filter(action="room.created", object_id=str(room.pk)).exists()


def test_rooms_are_listed_in_pages(admin, event):
    for position in range(3):
        RoomFactory(event=event, slug=f"room-{position}", position=position)

    body = admin.get("/api/v1/events/unity/rooms/?page_size=2").json()

    assert body["count"] == 3
    assert [row["slug"] for row in body["results"]] == ["room-0", "room-1"]
    assert body["next"].endswith("page=2&page_size=2")
    assert body["previous"] is None


def test_an_admin_moves_a_room_out_of_its_zone_and_renames_it(admin, event, plenary):
    room = RoomFactory(event=event, zone=plenary, name={"en": "Hall A"})

    response = admin.patch(
        f"/api/v1/events/unity/rooms/{room.pk}/",
        {"zone": None, "name": {"en": "Hall A", "fr": "Salle A"}},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["zone"] is None
    assert response.json()["name"] == {**EMPTY, "en": "Hall A", "fr": "Salle A"}
    room.refresh_from_db()
    assert room.zone is None
    assert AuditEntry.objects.filter(action="room.updated").exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"slug": "hall-b"}, "name", "This field is required."),
        (
            {"slug": "hall-b", "name": {"en": "Hall B"}, "zone": "nowhere"},
            "zone",
            "Object with slug=nowhere does not exist.",
        ),
        (
            {"slug": "hall-b", "name": {"en": "Hall B"}, "capacity": -5},
            "capacity",
            "Ensure this value is greater than or equal to 0.",
        ),
        (
            {"slug": "hall-a", "name": {"en": "Another hall A"}},
            "slug",
            "Another one already uses this slug.",
        ),
        ({"slug": "hall-b", "name": {"de": "Halle"}}, "name", None),
    ],
    ids=["no-name", "unknown-zone", "negative-capacity", "duplicate-slug", "bad-language"],
)
def test_a_bad_room_is_refused_naming_the_field(admin, event, body, field, message):
    RoomFactory(event=event, slug="hall-a")

    response = admin.post("/api/v1/events/unity/rooms/", body, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    else:
        assert "Unknown language: de." in errors[field]
    assert Room.objects.filter(event=event).count() == 1


def test_a_room_with_sessions_is_not_deleted_and_the_answer_says_why(admin, event):
    room = RoomFactory(event=event, name={"en": "Hall A"})
    SessionFactory(event=event, room=room)
    SessionFactory(event=event, room=room, starts_at=event.starts_at + timedelta(hours=3))

    response = admin.delete(f"/api/v1/events/unity/rooms/{room.pk}/")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "“Hall A” cannot be deleted: it is still used by sessions (2).",
        "code": "in_use",
        "uses": [{"what": "sessions", "count": 2}],
    }
    assert Room.objects.filter(pk=room.pk).exists()
    assert not AuditEntry.objects.filter(action="room.deleted").exists()


def test_a_room_booked_for_a_bilateral_is_not_deleted(admin, event, delegate_category):
    room = bilateral_room(event)
    ours = delegation_with_head(event, delegate_category, "Ours")
    theirs = delegation_with_head(event, delegate_category, "Theirs")
    meeting = bilateral_request(
        delegation=ours, counterpart_id=theirs.pk, slots=[slot(event, 1, "10:00")]
    )
    bilateral_accept(delegation=theirs, meeting_id=meeting.pk, slot_id=meeting.slots.get().pk)

    response = admin.delete(f"/api/v1/events/unity/rooms/{room.pk}/")

    assert response.status_code == 409
    assert response.json()["uses"] == [{"what": "bilateral meetings", "count": 1}]


def test_an_unused_room_is_deleted_even_after_a_release_named_it(admin, event, release):
    room = RoomFactory(event=event, slug="old-hall")
    session = SessionFactory(event=event, room=room)
    release(event)
    Session.objects.filter(pk=session.pk).update(room=RoomFactory(event=event, slug="new-hall"))

    response = admin.delete(f"/api/v1/events/unity/rooms/{room.pk}/")

    assert response.status_code == 204
    assert not Room.objects.filter(pk=room.pk).exists()
    assert AuditEntry.objects.get(action="room.deleted").data == {"slug": "old-hall"}


# --- Tracks --------------------------------------------------------------------------------


def test_an_admin_adds_changes_and_deletes_a_track(admin, event):
    created = admin.post(
        "/api/v1/events/unity/tracks/",
        {"slug": "cyber", "name": {"en": "Cyber security", "es": "Ciberseguridad"}},
        format="json",
    )
    track = Track.objects.get(event=event, slug="cyber")
    changed = admin.patch(
        f"/api/v1/events/unity/tracks/{track.pk}/", {"colour": "#123456"}, format="json"
    )
    listed = admin.get("/api/v1/events/unity/tracks/")
    deleted = admin.delete(f"/api/v1/events/unity/tracks/{track.pk}/")

    assert created.status_code == 201, created.json()
    assert created.json()["colour"] == "#1F4E79"
    assert created.json()["name"] == {**EMPTY, "en": "Cyber security", "es": "Ciberseguridad"}
    assert changed.json()["colour"] == "#123456"
    assert listed.json()["count"] == 1
    assert listed.json()["results"][0]["slug"] == "cyber"
    assert deleted.status_code == 204
    assert not Track.objects.filter(pk=track.pk).exists()
    assert [
        entry.action for entry in AuditEntry.objects.filter(object_id=str(track.pk)).order_by("pk")
    ] == ["track.created", "track.updated", "track.deleted"]


def test_a_bad_track_colour_is_refused(admin, event):
    response = admin.post(
        "/api/v1/events/unity/tracks/",
        {"slug": "cyber", "name": {"en": "Cyber"}, "colour": "blue"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "colour": ["Enter a colour as # followed by six hexadecimal digits."]
    }


def test_a_track_with_sessions_is_not_deleted(admin, event):
    track = TrackFactory(event=event, name={"en": "Cyber"})
    SessionFactory(event=event, track=track)

    response = admin.delete(f"/api/v1/events/unity/tracks/{track.pk}/")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "“Cyber” cannot be deleted: it is still used by sessions (1)."
    )
    assert Track.objects.filter(pk=track.pk).exists()


# --- Who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN])
@pytest.mark.parametrize("kind", ["rooms", "tracks"])
def test_only_admins_and_programme_managers_set_up_rooms_and_tracks(api_client, event, kind, role):
    row = RoomFactory(event=event) if kind == "rooms" else TrackFactory(event=event)
    api_client.credentials(**bearer(event, role))
    one = f"/api/v1/events/unity/{kind}/{row.pk}/"

    answers = [
        api_client.get(f"/api/v1/events/unity/{kind}/"),
        api_client.post(f"/api/v1/events/unity/{kind}/", {}, format="json"),
        api_client.get(one),
        api_client.patch(one, {"position": 3}, format="json"),
        api_client.delete(one),
    ]

    assert [answer.status_code for answer in answers] == [403] * 5


@pytest.mark.parametrize("kind", ["rooms", "tracks"])
def test_a_programme_manager_sets_up_rooms_and_tracks_as_on_the_pages(api_client, event, kind):
    row = RoomFactory(event=event) if kind == "rooms" else TrackFactory(event=event)
    api_client.credentials(**bearer(event, Role.PROGRAMME))

    listed = api_client.get(f"/api/v1/events/unity/{kind}/")
    changed = api_client.patch(
        f"/api/v1/events/unity/{kind}/{row.pk}/", {"position": 3}, format="json"
    )

    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert (changed.status_code, changed.json()["position"]) == (200, 3)


@pytest.mark.parametrize("kind", ["rooms", "tracks"])
def test_anonymous_callers_are_asked_to_authenticate(api_client, event, kind):
    row = RoomFactory(event=event) if kind == "rooms" else TrackFactory(event=event)

    answers = [
        api_client.get(f"/api/v1/events/unity/{kind}/"),
        api_client.delete(f"/api/v1/events/unity/{kind}/{row.pk}/"),
    ]

    assert [answer.status_code for answer in answers] == [401, 401]
    assert Room.objects.count() + Track.objects.count() == 1


def test_a_room_of_another_summit_is_not_found(admin, event):
    elsewhere = RoomFactory()

    assert admin.get(f"/api/v1/events/unity/rooms/{elsewhere.pk}/").status_code == 404
    assert admin.delete(f"/api/v1/events/unity/rooms/{elsewhere.pk}/").status_code == 404
    assert Room.objects.filter(pk=elsewhere.pk).exists()
