"""Sessions API: the released programme in public; draft CRUD and releases with a token."""

from datetime import timedelta

import pytest

from agenda.programme.models import Session
from events.teams.models import Role
from events.tokens.services import api_token_issue
from tests.agenda.factories import RoomFactory, SessionFactory, SessionSpeakerFactory, TrackFactory

pytestmark = pytest.mark.django_db


def bearer(event, role):
    _token, raw = api_token_issue(event=event, role=role)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def programme(event, release, make_speaker):
    room = RoomFactory(event=event, slug="hall-a", name={"en": "Hall A", "ar": "القاعة أ"})
    track = TrackFactory(event=event, slug="cyber", colour="#123456")
    sessions = []
    for hour in range(3):
        session = SessionFactory(
            event=event,
            room=room,
            track=track,
            title={"en": f"Panel {hour}"},
            starts_at=event.starts_at + timedelta(hours=hour),
        )
        sessions.append(session)
    SessionSpeakerFactory(session=sessions[0], registration=make_speaker(first_name="Amina"))
    release(event)
    return sessions


def test_the_public_list_is_paginated_the_drf_way(api_client, event, programme):
    response = api_client.get("/api/v1/events/unity/sessions/?page_size=2")

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]
    first = body["results"][0]
    assert first["id"] == programme[0].pk
    assert first["uid"] == f"{programme[0].uid}@summit-agenda"
    assert first["title"]["en"] == "Panel 0"
    assert first["room"] == {
        "slug": "hall-a",
        "name": {"en": "Hall A", "ar": "القاعة أ", "fr": "", "es": ""},
        "name_text": "Hall A",
    }
    assert first["track"]["colour"] == "#123456"
    assert first["speakers"][0]["name"].startswith("Amina ")
    assert first["speakers"][0]["role"] == "speaker"
    assert first["status"] == "confirmed"
    assert first["sequence"] == 0
    assert first["ics_url"].endswith(f"/e/unity/sessions/{programme[0].pk}.ics")
    assert api_client.get(body["next"]).json()["results"][0]["title"]["en"] == "Panel 2"


def test_public_list_filters_and_a_bad_token_is_ignored(api_client, event, programme):
    response = api_client.get(
        "/api/v1/events/unity/sessions/?room=hall-a&track=cyber&kind=panel",
        HTTP_AUTHORIZATION="Bearer smt_wrong",
    )

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert api_client.get("/api/v1/events/unity/sessions/?day=tomorrow").status_code == 400


def test_one_released_session_and_unknown_ones(api_client, event, programme):
    assert (
        api_client.get(f"/api/v1/events/unity/sessions/{programme[1].pk}/").json()["id"]
        == programme[1].pk
    )
    assert api_client.get("/api/v1/events/unity/sessions/999999/").status_code == 404


def draft_payload(event, **overrides):
    starts = event.starts_at + timedelta(hours=5)
    return {
        "title": {"en": "Drug trade routes", "ar": "طرق تجارة المخدرات"},
        "kind": "panel",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "room": "hall-a",
        **overrides,
    }


def test_a_programme_token_creates_a_draft_session_with_speakers(
    api_client, event, programme, make_speaker
):
    speaker = make_speaker()

    response = api_client.post(
        "/api/v1/events/unity/draft/sessions/",
        draft_payload(event, speakers=[{"registration": speaker.reference, "role": "moderator"}]),
        format="json",
        **bearer(event, Role.PROGRAMME),
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["room"] == "hall-a"
    assert body["speakers"][0]["role"] == "moderator"
    public = api_client.get("/api/v1/events/unity/sessions/").json()
    assert "Drug trade routes" not in [s["title"]["en"] for s in public["results"]]


def test_the_draft_api_names_the_clashing_session(api_client, event, programme):
    response = api_client.post(
        "/api/v1/events/unity/draft/sessions/",
        draft_payload(
            event,
            starts_at=event.starts_at.isoformat(),
            ends_at=(event.starts_at + timedelta(minutes=30)).isoformat(),
        ),
        format="json",
        **bearer(event, Role.PROGRAMME),
    )

    assert response.status_code == 400
    assert "“Panel 0”" in response.json()["room"][0]


def test_end_before_start_through_the_api(api_client, event, programme):
    response = api_client.post(
        "/api/v1/events/unity/draft/sessions/",
        draft_payload(event, ends_at=event.starts_at.isoformat()),
        format="json",
        **bearer(event, Role.PROGRAMME),
    )

    assert response.status_code == 400
    assert response.json() == {"ends_at": ["The session must end after it starts."]}


@pytest.mark.parametrize("role", [Role.CHECKIN, Role.ACCREDITATION])
def test_other_roles_may_not_touch_the_draft(api_client, event, programme, role):
    response = api_client.post(
        "/api/v1/events/unity/draft/sessions/",
        draft_payload(event),
        format="json",
        **bearer(event, role),
    )

    assert response.status_code == 403
    assert api_client.get("/api/v1/events/unity/draft/sessions/").status_code in (401, 403)


def test_update_delete_and_release_through_the_api(api_client, event, programme):
    headers = bearer(event, Role.ADMIN)
    target = programme[2]
    moved = api_client.patch(
        f"/api/v1/events/unity/draft/sessions/{target.pk}/",
        {
            "starts_at": (event.starts_at + timedelta(hours=7)).isoformat(),
            "ends_at": (event.starts_at + timedelta(hours=8)).isoformat(),
        },
        format="json",
        **headers,
    )
    preview = api_client.get("/api/v1/events/unity/draft/release-preview/", **headers).json()
    released = api_client.post(
        "/api/v1/events/unity/releases/", {"comment": "moved"}, format="json", **headers
    )
    again = api_client.post("/api/v1/events/unity/releases/", {}, format="json", **headers)
    refused_delete = api_client.delete(
        f"/api/v1/events/unity/draft/sessions/{target.pk}/", **headers
    )

    assert moved.status_code == 200
    assert preview["next_number"] == 2
    assert preview["changes"] == [
        {
            "id": target.pk,
            "title": target.title.get("en"),
            "changes": ["moved"],
            "sequence_bumped": True,
        }
    ]
    assert released.status_code == 201
    assert released.json()["number"] == 2
    notices = released.json()["notices_job"]
    followed = api_client.get(notices["status_url"], **headers)
    assert followed.status_code == 200
    assert followed.json()["id"] == notices["id"]
    assert followed.json()["kind"] == "release_notices"
    assert again.status_code == 409
    assert again.json()["code"] == "nothing_to_release"
    assert refused_delete.status_code == 409  # the session's state refuses it, as documented
    assert refused_delete.json()["code"] == "released"
    public = api_client.get(f"/api/v1/events/unity/sessions/{target.pk}/").json()
    assert public["sequence"] == 1


def test_a_never_released_session_is_deleted(api_client, event, programme):
    draft = SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=9))

    response = api_client.delete(
        f"/api/v1/events/unity/draft/sessions/{draft.pk}/", **bearer(event, Role.PROGRAMME)
    )

    assert response.status_code == 204
    assert not Session.objects.filter(pk=draft.pk).exists()


def test_a_token_of_another_event_is_refused(api_client, event, programme):
    from tests.factories import EventFactory

    other = EventFactory()

    response = api_client.get(
        "/api/v1/events/unity/draft/sessions/", **bearer(other, Role.PROGRAMME)
    )

    assert response.status_code == 403


def test_the_schema_documents_the_agenda_endpoints(api_client):
    schema = api_client.get("/api/schema/?format=json").json()

    assert "/api/v1/events/{slug}/sessions/" in schema["paths"]
    assert "/api/v1/me/{token}/agenda/" in schema["paths"]


def test_an_anonymous_caller_learns_nothing_about_which_events_exist(api_client, event):
    known = api_client.get("/api/v1/events/unity/draft/sessions/")
    unknown = api_client.get("/api/v1/events/nowhere/draft/sessions/")
    with_token = api_client.get(
        "/api/v1/events/nowhere/draft/sessions/", **bearer(event, Role.PROGRAMME)
    )

    assert known.status_code == unknown.status_code == 401
    assert known.json() == unknown.json()
    assert with_token.status_code == 404


def test_a_draft_event_has_no_public_sessions(api_client, event, programme):
    event.is_published = False
    event.save()

    assert api_client.get("/api/v1/events/unity/sessions/").status_code == 404
    assert api_client.get(f"/api/v1/events/unity/sessions/{programme[0].pk}/").status_code == 404
    assert (
        api_client.get(
            "/api/v1/events/unity/draft/sessions/", **bearer(event, Role.PROGRAMME)
        ).status_code
        == 200
    )


def test_the_schema_documents_the_statuses_the_draft_endpoints_answer(api_client):
    paths = api_client.get("/api/schema/?format=json").json()["paths"]

    created = paths["/api/v1/events/{slug}/draft/sessions/"]["post"]["responses"]
    deleted = paths["/api/v1/events/{slug}/draft/sessions/{session_id}/"]["delete"]["responses"]

    assert "201" in created
    assert "200" not in created
    assert "409" in deleted


@pytest.mark.parametrize(
    ("query", "field"),
    [("speaker=abc", "speaker"), ("day=tomorrow", "day"), ("page_size=0", "page_size")],
)
def test_a_session_filter_of_the_wrong_type_is_refused(api_client, event, programme, query, field):
    response = api_client.get(f"/api/v1/events/unity/sessions/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_draft_session_capacity_must_be_a_json_number(api_client, event, programme):
    response = api_client.patch(
        f"/api/v1/events/unity/draft/sessions/{programme[0].pk}/",
        {"capacity": "12"},
        format="json",
        **bearer(event, Role.PROGRAMME),
    )

    assert response.status_code == 400
    assert list(response.json()) == ["capacity"]
