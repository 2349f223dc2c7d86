"""Bilateral meetings: request, answer, confirm, room, move, cancel; calendars and reminders."""

from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from icalendar import Calendar

from agenda.bilaterals.api import DelegationBilateralAcceptView
from agenda.bilaterals.models import BilateralMeeting, BilateralStatus
from agenda.bilaterals.services import (
    SlotInput,
    bilateral_accept,
    bilateral_assign_room,
    bilateral_cancel,
    bilateral_counter,
    bilateral_move,
    bilateral_request,
)
from agenda.programme.errors import AgendaConflict, AgendaError
from agenda.reminders.services import reminders_plan
from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.teams.models import Role
from events.teams.services import team_member_add
from events.tokens.services import api_token_issue
from notifications.models import Message
from tests.agenda.bilateral_factories import (
    at,
    bilateral_room,
    delegation_with_head,
    member_of,
    slot,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ORGANIZER = Actor(label="programme manager")


@pytest.fixture
def atlantis(event, delegate_category):
    return delegation_with_head(event, delegate_category, "Atlantis")


@pytest.fixture
def borealia(event, delegate_category):
    return delegation_with_head(event, delegate_category, "Borealia", language="ar")


@pytest.fixture
def caledon(event, delegate_category):
    return delegation_with_head(event, delegate_category, "Caledon")


@pytest.fixture
def room(event):
    return bilateral_room(event, name="Majlis 1", slug="majlis-1")


@pytest.fixture
def programme_client(client, event):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.PROGRAMME)
    client.force_login(user)
    return client


def request_meeting(event, requester, counterpart, *clocks, subject="Border cooperation"):
    return bilateral_request(
        delegation=requester,
        counterpart_id=counterpart.pk,
        subject=subject,
        slots=[slot(event, 1, clock) for clock in clocks or ("10:00",)],
    )


def confirmed(event, requester, counterpart, clock="10:00"):
    meeting = request_meeting(event, requester, counterpart, clock)
    return bilateral_accept(
        delegation=counterpart, meeting_id=meeting.pk, slot_id=meeting.open_slots()[0].pk
    )


def feed_events(client, registration) -> dict:
    response = client.get(f"/feeds/{registration.feed_secret}/calendar.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


def uid_of(meeting) -> str:
    return f"bilateral-{meeting.uid}@summit-agenda"


def slot_form(event, prefix="", **clocks) -> dict:
    data = {}
    for number, clock in clocks.items():
        start = at(event, 1, clock)
        data[f"{prefix}slot_{number[-1]}_starts_at"] = start.strftime("%Y-%m-%dT%H:%M")
        data[f"{prefix}slot_{number[-1]}_ends_at"] = (start + timedelta(minutes=30)).strftime(
            "%Y-%m-%dT%H:%M"
        )
    return data


# --- The whole way, through the pages ---------------------------------------------------------


def test_request_accept_and_both_delegations_see_it_in_their_calendars(
    client, event, atlantis, borealia, caledon, room, delegate_category
):
    member = member_of(atlantis, delegate_category)
    pending_member = member_of(atlantis, delegate_category, status="pending")
    outsider = caledon.head

    response = client.post(
        f"/d/{atlantis.secret_token}/bilaterals/",
        {"counterpart": borealia.pk, "subject": "Maritime security"}
        | slot_form(event, slot1="10:00", slot2="14:00"),
    )
    assert response.status_code == 302
    meeting = BilateralMeeting.objects.get()
    assert meeting.status == BilateralStatus.REQUESTED
    asked = Message.objects.get(kind="agenda.bilateral", recipient=borealia.head.email)
    assert asked.language == "ar"
    assert atlantis.name.get("ar") in asked.subject

    page = client.get(f"/d/{borealia.secret_token}/bilaterals/").content.decode()
    assert "Atlantis" in page
    assert "Your answer is awaited" in page
    detail = client.get(f"/d/{borealia.secret_token}/bilaterals/{meeting.pk}/")
    assert detail.status_code == 200
    assert "Maritime security" in detail.content.decode()
    chosen = meeting.open_slots()[1]

    response = client.post(
        f"/d/{borealia.secret_token}/bilaterals/{meeting.pk}/",
        {"action": "accept", "accept-slot": chosen.pk},
        follow=True,
    )

    assert "The meeting is confirmed, in Majlis 1." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == BilateralStatus.CONFIRMED
    assert (meeting.starts_at, meeting.ends_at) == (chosen.starts_at, chosen.ends_at)
    assert meeting.room == room
    for registration in (atlantis.head, borealia.head, member):
        vevent = feed_events(client, registration)[uid_of(meeting)]
        assert int(vevent["SEQUENCE"]) == 0
        assert str(vevent["STATUS"]) == "CONFIRMED"
        assert vevent.decoded("DTSTART") == at(event, 1, "14:00")
        assert "Majlis 1" in str(vevent["LOCATION"])
        assert str(vevent["CLASS"]) == "PRIVATE"
    assert uid_of(meeting) not in feed_events(client, pending_member)
    assert uid_of(meeting) not in feed_events(client, outsider)
    assert uid_of(meeting).encode() not in client.get(f"/e/{event.slug}/agenda.ics").content
    told = Message.objects.filter(kind="agenda.bilateral").exclude(pk=asked.pk)
    assert {message.recipient for message in told} == {atlantis.head.email, borealia.head.email}
    invitation = told.get(recipient=atlantis.head.email).attachments.get()
    assert b"METHOD:REQUEST" in bytes(invitation.content)
    assert AuditEntry.objects.filter(action__startswith="bilateral.").count() == 2


def test_the_feed_is_byte_identical_until_the_meeting_changes(client, event, atlantis, borealia):
    confirmed(event, atlantis, borealia)
    url = f"/feeds/{atlantis.head.feed_secret}/calendar.ics"

    first, second = client.get(url), client.get(url)

    assert first.content == second.content
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_counter_proposal_goes_back_and_forth_then_confirms(event, atlantis, borealia):
    meeting = request_meeting(event, atlantis, borealia, "10:00")

    meeting = bilateral_counter(
        delegation=borealia,
        meeting_id=meeting.pk,
        slots=[slot(event, 2, "09:30"), slot(event, 2, "11:00")],
    )
    assert meeting.status == BilateralStatus.COUNTER_PROPOSED
    assert meeting.awaiting_id() == atlantis.pk
    with pytest.raises(AgendaConflict) as refused:
        bilateral_accept(
            delegation=borealia, meeting_id=meeting.pk, slot_id=meeting.open_slots()[0].pk
        )
    assert refused.value.code == "not_your_turn"
    old = next(s for s in meeting.slots.all() if s.round == 1)
    with pytest.raises(AgendaError) as stale:
        bilateral_accept(delegation=atlantis, meeting_id=meeting.pk, slot_id=old.pk)
    assert stale.value.field == "slot"

    done = bilateral_accept(
        delegation=atlantis, meeting_id=meeting.pk, slot_id=meeting.open_slots()[1].pk
    )

    assert done.status == BilateralStatus.CONFIRMED
    assert done.starts_at == at(event, 2, "11:00")
    assert Message.objects.filter(
        kind="agenda.bilateral", recipient=atlantis.head.email, subject__contains="other times"
    ).exists()


def test_decline_through_the_page_tells_the_requester(client, event, atlantis, borealia):
    meeting = request_meeting(event, atlantis, borealia)

    response = client.post(
        f"/d/{borealia.secret_token}/bilaterals/{meeting.pk}/",
        {"action": "decline", "decline-reason": "Our minister leaves early."},
        follow=True,
    )

    assert "You declined the request." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == BilateralStatus.DECLINED
    notice = Message.objects.get(kind="agenda.bilateral", recipient=atlantis.head.email)
    assert "Our minister leaves early." in notice.body_text
    assert uid_of(meeting) not in feed_events(client, atlantis.head)


# --- Move and cancel: SEQUENCE and CANCEL follow in calendars ---------------------------------


def test_organizer_move_bumps_sequence_in_both_feeds(
    client, programme_client, event, atlantis, borealia, room
):
    meeting = confirmed(event, atlantis, borealia)
    start = at(event, 2, "15:00")

    response = programme_client.post(
        f"/manage/{event.slug}/agenda/bilaterals/{meeting.pk}/",
        {
            "action": "move",
            "move-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "move-ends_at": (start + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )

    assert "The meeting is moved" in response.content.decode()
    for head in (atlantis.head, borealia.head):
        vevent = feed_events(client, head)[uid_of(meeting)]
        assert int(vevent["SEQUENCE"]) == 1
        assert vevent.decoded("DTSTART") == start
        assert vevent.decoded("DTEND") == start + timedelta(minutes=45)
        assert "Majlis 1" in str(vevent["LOCATION"])
    assert AuditEntry.objects.filter(action="bilateral.move", actor_user__isnull=False).exists()


def cancel_notices(meeting):
    """The messages of the meeting's latest step (its cancellation)."""
    meeting.refresh_from_db()
    return Message.objects.filter(
        kind="agenda.bilateral",
        dedupe_key__startswith=f"agenda:bilateral:{meeting.pk}:r{meeting.revision}:",
    )


def test_cancel_gives_status_cancelled_and_a_cancel_invitation(client, event, atlantis, borealia):
    meeting = confirmed(event, atlantis, borealia)

    response = client.post(
        f"/d/{atlantis.secret_token}/bilaterals/{meeting.pk}/",
        {"action": "cancel", "cancel-reason": "Change of plans"},
    )

    assert response.status_code == 302
    for head in (atlantis.head, borealia.head):
        vevent = feed_events(client, head)[uid_of(meeting)]
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert int(vevent["SEQUENCE"]) == 1
    cancel = cancel_notices(meeting)
    assert {message.recipient for message in cancel} == {atlantis.head.email, borealia.head.email}
    # Each head in their own language (Borealia's head reads Arabic).
    assert "cancelled" in cancel.get(recipient=atlantis.head.email).subject
    assert cancel.get(recipient=borealia.head.email).language == "ar"
    attachment = cancel.get(recipient=borealia.head.email).attachments.get()
    assert b"METHOD:CANCEL" in bytes(attachment.content)
    with pytest.raises(AgendaConflict):
        bilateral_cancel(meeting_id=meeting.pk, delegation=atlantis, actor=ORGANIZER)


def test_a_withdrawn_request_never_reaches_a_calendar(client, event, atlantis, borealia):
    meeting = request_meeting(event, atlantis, borealia)

    bilateral_cancel(meeting_id=meeting.pk, delegation=atlantis, actor=ORGANIZER)

    assert uid_of(meeting) not in feed_events(client, borealia.head)
    assert cancel_notices(meeting).filter(recipient=borealia.head.email).exists()


# --- Reminders through the outbox -------------------------------------------------------------


def test_reminders_are_planned_for_both_heads_and_replanned_when_moved(event, atlantis, borealia):
    meeting = confirmed(event, atlantis, borealia)
    now = meeting.starts_at - timedelta(hours=3)

    reminders_plan(now=now, event_id=event.pk)

    planned = Message.objects.filter(kind="agenda.bilateral_reminder", status="queued")
    assert {m.recipient for m in planned} == {atlantis.head.email, borealia.head.email}
    minutes = event.session_reminder_minutes
    assert {m.scheduled_at for m in planned} == {meeting.starts_at - timedelta(minutes=minutes)}
    assert all(":v0:" in m.dedupe_key for m in planned)

    moved = bilateral_move(
        event=event,
        meeting_id=meeting.pk,
        starts_at=meeting.starts_at + timedelta(hours=1),
        ends_at=meeting.ends_at + timedelta(hours=1),
        actor=ORGANIZER,
    )
    assert not Message.objects.filter(kind="agenda.bilateral_reminder", status="queued").exists()
    reminders_plan(now=now, event_id=event.pk)

    again = Message.objects.filter(kind="agenda.bilateral_reminder", status="queued")
    assert {m.scheduled_at for m in again} == {moved.starts_at - timedelta(minutes=minutes)}
    assert all(":v1:" in m.dedupe_key for m in again)
    assert again.count() == 2

    bilateral_cancel(meeting_id=meeting.pk, event=event, actor=ORGANIZER)
    reminders_plan(now=now, event_id=event.pk)
    assert not Message.objects.filter(kind="agenda.bilateral_reminder", status="queued").exists()


# --- Bad input --------------------------------------------------------------------------------


def test_a_request_to_ones_own_delegation_is_refused_on_the_form(client, event, atlantis):
    response = client.post(
        f"/d/{atlantis.secret_token}/bilaterals/",
        {"counterpart": atlantis.pk} | slot_form(event, slot1="10:00"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select a valid choice" in page  # one's own delegation is not offered
    assert not BilateralMeeting.objects.exists()


def test_a_request_to_ones_own_delegation_is_refused_by_the_api(api_client, event, atlantis):
    response = api_client.post(
        f"/api/v1/delegations/{atlantis.secret_token}/bilaterals/",
        {
            "counterpart": atlantis.pk,
            "slots": [
                {
                    "starts_at": at(event, 1, "10:00").isoformat(),
                    "ends_at": at(event, 1, "10:30").isoformat(),
                }
            ],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "counterpart": ["You cannot request a meeting with your own delegation."]
    }
    assert not BilateralMeeting.objects.exists()


def test_a_delegation_of_another_summit_is_unknown(event, atlantis, delegate_category):
    from tests.factories import CategoryFactory, EventFactory

    elsewhere = EventFactory()
    stranger = delegation_with_head(elsewhere, CategoryFactory(event=elsewhere), "Stranger")

    with pytest.raises(AgendaError) as refused:
        request_meeting(event, atlantis, stranger)

    assert refused.value.field == "counterpart"


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            lambda e: SlotInput(at(e, 1, "07:00"), at(e, 1, "07:30")),
            "Choose a time during the summit",
        ),
        (
            lambda e: SlotInput(at(e, 2, "17:45"), at(e, 2, "18:30")),
            "Choose a time during the summit",
        ),
        (
            lambda e: SlotInput(at(e, 3, "10:00"), at(e, 3, "10:30")),
            "Choose a time during the summit",
        ),
        (lambda e: SlotInput(at(e, 1, "11:00"), at(e, 1, "10:30")), "must end after it starts"),
    ],
    ids=["before", "runs-past-the-end", "day-after", "ends-before-start"],
)
def test_a_slot_outside_the_event_is_a_field_error(
    api_client, event, atlantis, borealia, when, message
):
    bad = when(event)

    response = api_client.post(
        f"/api/v1/delegations/{atlantis.secret_token}/bilaterals/",
        {
            "counterpart": borealia.pk,
            "slots": [
                {
                    "starts_at": at(event, 1, "10:00").isoformat(),
                    "ends_at": at(event, 1, "10:30").isoformat(),
                },
                {"starts_at": bad.starts_at.isoformat(), "ends_at": bad.ends_at.isoformat()},
            ],
        },
        format="json",
    )

    assert response.status_code == 400
    [error] = response.json()["slots"]
    assert error.startswith("Time 2: ")
    assert message in error
    assert not BilateralMeeting.objects.exists()


def test_a_slot_outside_the_event_is_shown_on_its_field(client, event, atlantis, borealia):
    response = client.post(
        f"/d/{atlantis.secret_token}/bilaterals/",
        {"counterpart": borealia.pk} | slot_form(event, slot1="10:00", slot2="06:00"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_slot_2_starts_at"' in page
    assert "Choose a time during the summit" in page


@pytest.mark.parametrize("count", [0, 4])
def test_one_to_three_slots(api_client, event, atlantis, borealia, count):
    slots = [
        {
            "starts_at": at(event, 1, f"{10 + n}:00").isoformat(),
            "ends_at": at(event, 1, f"{10 + n}:30").isoformat(),
        }
        for n in range(count)
    ]

    response = api_client.post(
        f"/api/v1/delegations/{atlantis.secret_token}/bilaterals/",
        {"counterpart": borealia.pk, "slots": slots},
        format="json",
    )

    assert response.status_code == 400
    assert "Propose between one and three times." in str(response.json()["slots"])


def test_the_same_time_twice_is_refused(event, atlantis, borealia):
    with pytest.raises(AgendaError) as refused:
        request_meeting(event, atlantis, borealia, "10:00", "10:00")
    assert refused.value.field == "slot_2"


@pytest.mark.parametrize("busy", ["requester", "counterpart"])
def test_a_slot_overlapping_an_accepted_meeting_is_refused(
    event, atlantis, borealia, caledon, busy
):
    if busy == "requester":
        confirmed(event, atlantis, caledon, "10:00")
    else:
        confirmed(event, caledon, borealia, "10:00")

    with pytest.raises(AgendaError) as refused:
        request_meeting(event, atlantis, borealia, "11:00", "10:15")

    assert refused.value.field == "slot_2"
    assert refused.value.status == 400
    assert "already has a confirmed meeting at this time" in refused.value.message
    # Back to back is fine.
    assert request_meeting(event, atlantis, borealia, "10:30").status == BilateralStatus.REQUESTED


def test_accepting_into_a_clash_is_a_conflict_and_keeps_the_request_open(
    api_client, event, atlantis, borealia, caledon
):
    first = request_meeting(event, atlantis, borealia, "10:00")
    second = request_meeting(event, caledon, atlantis, "10:15")
    bilateral_accept(delegation=borealia, meeting_id=first.pk, slot_id=first.open_slots()[0].pk)

    response = api_client.post(
        f"/api/v1/delegations/{atlantis.secret_token}/bilaterals/{second.pk}/accept/",
        {"slot": second.open_slots()[0].pk},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "delegation_busy"
    second.refresh_from_db()
    assert second.status == BilateralStatus.REQUESTED


def test_a_second_open_request_between_the_same_delegations_is_refused(event, atlantis, borealia):
    request_meeting(event, atlantis, borealia)
    with pytest.raises(AgendaConflict) as refused:
        request_meeting(event, borealia, atlantis, "15:00")
    assert refused.value.code == "already_requested"


# --- Whose token ------------------------------------------------------------------------------


def test_another_delegations_token_cannot_see_or_answer_the_meeting(
    client, api_client, event, atlantis, borealia, caledon
):
    meeting = request_meeting(event, atlantis, borealia)
    slot_id = meeting.open_slots()[0].pk
    base = f"/api/v1/delegations/{caledon.secret_token}/bilaterals"

    unknown = api_client.get(f"{base}/999999/")
    seen = api_client.get(f"{base}/{meeting.pk}/")
    accepted = api_client.post(f"{base}/{meeting.pk}/accept/", {"slot": slot_id}, format="json")
    page = client.get(f"/d/{caledon.secret_token}/bilaterals/{meeting.pk}/")
    posted = client.post(
        f"/d/{caledon.secret_token}/bilaterals/{meeting.pk}/",
        {"action": "accept", "accept-slot": slot_id},
    )
    listing = api_client.get(f"{base}/").json()

    assert unknown.status_code == seen.status_code == accepted.status_code == 404
    assert seen.json() == unknown.json() == accepted.json()
    assert page.status_code == posted.status_code == 404
    assert "Atlantis" not in page.content.decode()
    assert listing["count"] == 0
    meeting.refresh_from_db()
    assert meeting.status == BilateralStatus.REQUESTED


def test_a_meeting_gone_by_the_time_the_step_runs_is_answered_like_an_unknown_one(
    api_client, event, atlantis, borealia
):
    meeting = request_meeting(event, atlantis, borealia)
    base = f"/api/v1/delegations/{borealia.secret_token}/bilaterals"
    # The view found the meeting; the service, which locks it, no longer does.
    gone = SimpleNamespace(pk=meeting.pk + 1000)

    with mock.patch.object(DelegationBilateralAcceptView, "meeting_or_404", return_value=gone):
        refused = api_client.post(
            f"{base}/{meeting.pk}/accept/", {"slot": meeting.open_slots()[0].pk}, format="json"
        )
    unknown = api_client.get(f"{base}/{gone.pk}/")

    assert refused.status_code == unknown.status_code == 404
    assert refused.json() == unknown.json()


def test_a_registrants_token_is_not_a_delegation_token(client, api_client, event, atlantis):
    token = atlantis.head.secret_token

    assert client.get(f"/d/{token}/bilaterals/").status_code == 404
    assert api_client.get(f"/api/v1/delegations/{token}/bilaterals/").status_code == 404


def test_the_requester_cannot_accept_its_own_proposal(api_client, event, atlantis, borealia):
    meeting = request_meeting(event, atlantis, borealia)

    response = api_client.post(
        f"/api/v1/delegations/{atlantis.secret_token}/bilaterals/{meeting.pk}/accept/",
        {"slot": meeting.open_slots()[0].pk},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "not_your_turn"


# --- Rooms ------------------------------------------------------------------------------------


def test_a_room_is_never_double_booked(event, atlantis, borealia, caledon, delegate_category, room):
    dunmore = delegation_with_head(event, delegate_category, "Dunmore")
    first = confirmed(event, atlantis, borealia, "10:00")
    second = confirmed(event, caledon, dunmore, "10:15")

    assert first.room == room
    assert second.room is None  # the only bilateral room is taken: the organizers decide
    with pytest.raises(AgendaConflict) as taken:
        bilateral_assign_room(event=event, meeting_id=second.pk, room_id=room.pk, actor=ORGANIZER)
    assert taken.value.code == "room_busy"
    with pytest.raises(AgendaConflict) as none_free:
        bilateral_assign_room(event=event, meeting_id=second.pk, room_id=None, actor=ORGANIZER)
    assert none_free.value.code == "no_room_free"

    spare = bilateral_room(event, name="Majlis 2", slug="majlis-2")
    done = bilateral_assign_room(event=event, meeting_id=second.pk, room_id=None, actor=ORGANIZER)
    assert done.room == spare
    assert done.sequence == 1


def test_moving_into_the_rooms_busy_time_takes_another_free_room(
    event, atlantis, borealia, caledon, delegate_category, room
):
    dunmore = delegation_with_head(event, delegate_category, "Dunmore")
    spare = bilateral_room(event, name="Majlis 2", slug="majlis-2")
    confirmed(event, atlantis, borealia, "10:00")
    later = confirmed(event, caledon, dunmore, "12:00")
    assert later.room == room

    moved = bilateral_move(
        event=event,
        meeting_id=later.pk,
        starts_at=at(event, 1, "10:00"),
        ends_at=at(event, 1, "10:30"),
        actor=ORGANIZER,
    )

    assert moved.room == spare


def test_only_bilateral_rooms_of_the_summit_can_be_assigned(event, atlantis, borealia, room):
    from tests.agenda.factories import RoomFactory

    hall = RoomFactory(event=event, is_bilateral=False)
    meeting = confirmed(event, atlantis, borealia)

    with pytest.raises(AgendaError) as refused:
        bilateral_assign_room(event=event, meeting_id=meeting.pk, room_id=hall.pk, actor=ORGANIZER)

    assert refused.value.field == "room"
    assert refused.value.status == 400


def test_a_session_in_a_bilateral_room_keeps_it_busy(event, atlantis, borealia, room):
    from tests.agenda.factories import SessionFactory

    SessionFactory(
        event=event, room=room, starts_at=at(event, 1, "09:45"), ends_at=at(event, 1, "11:00")
    )

    meeting = confirmed(event, atlantis, borealia, "10:00")

    assert meeting.room is None


# --- Organizers -------------------------------------------------------------------------------


def test_organizer_pages_list_and_assign_a_room(programme_client, event, atlantis, borealia, room):
    meeting = confirmed(event, atlantis, borealia)
    BilateralMeeting.objects.filter(pk=meeting.pk).update(room=None)
    spare = bilateral_room(event, name="Majlis 2", slug="majlis-2")

    listing = programme_client.get(f"/manage/{event.slug}/agenda/bilaterals/")
    detail = programme_client.get(f"/manage/{event.slug}/agenda/bilaterals/{meeting.pk}/")
    response = programme_client.post(
        f"/manage/{event.slug}/agenda/bilaterals/{meeting.pk}/",
        {"action": "room", "room-room": spare.pk},
        follow=True,
    )

    assert "Atlantis" in listing.content.decode()
    assert "Proposed: Majlis 1" in detail.content.decode()
    assert "The meeting is in Majlis 2." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.room == spare


def test_organizer_move_outside_the_event_is_a_field_error(
    programme_client, event, atlantis, borealia
):
    meeting = confirmed(event, atlantis, borealia)

    response = programme_client.post(
        f"/manage/{event.slug}/agenda/bilaterals/{meeting.pk}/",
        {
            "action": "move",
            "move-starts_at": at(event, 3, "10:00").strftime("%Y-%m-%dT%H:%M"),
            "move-ends_at": at(event, 3, "10:30").strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.status_code == 400
    assert 'href="#id_move-starts_at"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_organizer_pages_and_api_need_the_programme_role(
    client, api_client, event, atlantis, borealia
):
    meeting = confirmed(event, atlantis, borealia)
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)
    _token, checkin = api_token_issue(event=event, role=Role.CHECKIN, label="door")
    _token, programme = api_token_issue(event=event, role=Role.PROGRAMME, label="programme")

    assert client.get(f"/manage/{event.slug}/agenda/bilaterals/").status_code == 403
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {checkin}")
    assert api_client.get(f"/api/v1/events/{event.slug}/bilaterals/").status_code == 403
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {programme}")
    listing = api_client.get(f"/api/v1/events/{event.slug}/bilaterals/?status=confirmed")
    cancelled = api_client.post(
        f"/api/v1/events/{event.slug}/bilaterals/{meeting.pk}/cancel/",
        {"reason": "Venue closed"},
        format="json",
    )

    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [meeting.pk]
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["sequence"] == 1


def test_api_request_and_accept_through_the_delegation_token(
    api_client, event, atlantis, borealia, room
):
    created = api_client.post(
        f"/api/v1/delegations/{atlantis.secret_token}/bilaterals/",
        {
            "counterpart": borealia.pk,
            "subject": "Cyber",
            # Without an offset: the summit's local time.
            "slots": [
                {
                    "starts_at": at(event, 1, "16:00").strftime("%Y-%m-%dT%H:%M"),
                    "ends_at": at(event, 1, "16:30").strftime("%Y-%m-%dT%H:%M"),
                }
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "requested"
    assert body["awaiting"] == borealia.pk
    assert body["uid"].startswith("bilateral-")

    accepted = api_client.post(
        f"/api/v1/delegations/{borealia.secret_token}/bilaterals/{body['id']}/accept/",
        {"slot": body["slots"][0]["id"]},
        format="json",
    )

    assert accepted.status_code == 200
    assert accepted.json()["status"] == "confirmed"
    assert accepted.json()["room"]["name"]["en"] == "Majlis 1"
    meeting = BilateralMeeting.objects.get()
    assert meeting.starts_at == at(event, 1, "16:00")


# --- Demo ------------------------------------------------------------------------------------


def test_the_demo_has_bilaterals_in_every_state_and_seeding_again_adds_none(client):
    import io

    from django.core.management import call_command

    from agenda.programme.models import Room

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    meetings = BilateralMeeting.objects.filter(event__slug="unity-for-security")
    assert meetings.count() == 4
    assert set(meetings.values_list("status", flat=True)) >= {
        "requested",
        "confirmed",
        "declined",
        "cancelled",
    }
    assert Room.objects.filter(event__slug="unity-for-security", is_bilateral=True).count() >= 2
    meeting = meetings.get(status="confirmed")
    assert meeting.room is not None
    vevent = feed_events(client, meeting.requester.head)[uid_of(meeting)]
    assert str(vevent["STATUS"]) == "CONFIRMED"
    page = client.get(f"/d/{meeting.counterpart.secret_token}/bilaterals/")
    assert page.status_code == 200
    assert meeting.requester.name.get("en") in page.content.decode()


def test_the_delegation_page_section_counts_what_awaits_an_answer(rf, event, atlantis, borealia):
    from django.template.loader import render_to_string

    from agenda.bilaterals.pages import delegation_bilaterals_section

    request_meeting(event, atlantis, borealia)

    section = delegation_bilaterals_section(borealia, rf.get("/"))
    html = render_to_string("agenda/bilaterals/delegation_section.html", {"section": section})

    assert section["awaiting"] == 1
    assert "1 request awaits your answer." in html
    assert f"/d/{borealia.secret_token}/bilaterals/" in html


def test_the_organizer_list_refuses_a_status_it_does_not_have(api_client, event):
    _token, programme = api_token_issue(event=event, role=Role.PROGRAMME, label="programme")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {programme}")

    response = api_client.get(f"/api/v1/events/{event.slug}/bilaterals/?status=someday")

    assert response.status_code == 400
    assert list(response.json()) == ["status"]


def test_the_schema_says_how_many_times_a_request_proposes(api_client):
    schema = api_client.get("/api/schema/?format=json").json()["components"]["schemas"]

    slots = schema["BilateralRequestRequest"]["properties"]["slots"]

    assert (slots["minItems"], slots["maxItems"]) == (1, 3)
