"""The event's outgoing messages through the API (events/outbox/api.py)."""

import pytest
from rest_framework.test import APIClient

from events.summit.selectors import event_message_scope
from events.teams.models import Role
from events.tokens.services import api_token_issue
from notifications.models import ErrorReason, Message, Status
from notifications.services import message_enqueue
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="unity")


def client_for(event, role=Role.ACCREDITATION) -> APIClient:
    _token, raw = api_token_issue(event=event, role=role)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def make(event, number: int, recipient: str, kind="registration.approved") -> Message:
    return message_enqueue(
        dedupe_key=f"api:{event.pk}:{number}",
        recipient=recipient,
        kind=kind,
        scope=event_message_scope(event),
        subject=f"Subject {number}",
        body_text="Body",
    )


def refused_by_server(message: Message) -> Message:
    Message.objects.filter(pk=message.pk).update(
        status=Status.FAILED,
        error_reason=ErrorReason.ADDRESS_REFUSED,
        last_error="550 5.1.1 No such user",
        attempts=1,
    )
    message.refresh_from_db()
    return message


def test_the_list_filters_failed_messages_and_says_why(event):
    make(event, 1, "amina@example.org")
    bad = make(event, 2, "amina@@example.org")
    refused = refused_by_server(make(event, 3, "nobody@example.org", kind="invitation"))
    make(EventFactory(slug="other"), 4, "elsewhere@@example.org")

    response = client_for(event).get("/api/v1/events/unity/messages/?status=failed")

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {bad.pk, refused.pk}
    assert rows[bad.pk]["recipient"] == "amina@@example.org"
    assert rows[bad.pk]["status"] == "failed"
    assert rows[bad.pk]["error_reason"] == "address_invalid"
    assert rows[bad.pk]["error_reason_label"] == "The address is not a valid email address."
    assert rows[bad.pk]["last_error"]
    assert rows[bad.pk]["can_resend"] is False
    assert rows[refused.pk]["kind"] == "invitation"
    assert rows[refused.pk]["attempts"] == 1
    assert rows[refused.pk]["last_error"] == "550 5.1.1 No such user"
    assert rows[refused.pk]["can_resend"] is True
    assert "body_text" not in rows[bad.pk]


def test_the_list_filters_by_kind(event):
    make(event, 1, "amina@example.org")
    invitation = make(event, 2, "omar@example.org", kind="invitation")

    response = client_for(event).get("/api/v1/events/unity/messages/?kind=invitation")

    assert [row["id"] for row in response.json()["results"]] == [invitation.pk]


def test_an_unknown_status_filter_is_a_field_error(event):
    response = client_for(event).get("/api/v1/events/unity/messages/?status=lost")

    assert response.status_code == 400
    assert "status" in response.json()


def test_a_checkin_token_may_not_read_the_messages(event):
    response = client_for(event, Role.CHECKIN).get("/api/v1/events/unity/messages/")

    assert response.status_code == 403


def test_resending_a_refused_message_queues_it_again(event):
    refused = refused_by_server(make(event, 1, "nobody@example.org"))

    response = client_for(event).post(f"/api/v1/events/unity/messages/{refused.pk}/resend/")

    assert response.status_code == 200
    assert response.json()["status"] == "queued"
    assert response.json()["attempts"] == 0
    refused.refresh_from_db()
    assert refused.status == Status.QUEUED


def test_resending_a_message_to_an_unusable_address_is_a_conflict_saying_why(event):
    bad = make(event, 1, "amina@@example.org")

    response = client_for(event).post(f"/api/v1/events/unity/messages/{bad.pk}/resend/")

    assert response.status_code == 409
    assert response.json()["code"] == "not_resendable"
    assert "Correct the address" in response.json()["detail"]


def test_resending_a_message_that_did_not_fail_is_a_conflict(event):
    queued = make(event, 1, "amina@example.org")

    response = client_for(event).post(f"/api/v1/events/unity/messages/{queued.pk}/resend/")

    assert response.status_code == 409
    assert response.json()["detail"] == "Only a failed message can be sent again."


def test_another_events_message_is_not_found(event):
    other = refused_by_server(make(EventFactory(slug="other"), 1, "nobody@example.org"))

    response = client_for(event).post(f"/api/v1/events/unity/messages/{other.pk}/resend/")

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Status.FAILED
