"""Invitations for a list of addresses: each row on its own, each reported."""

import pytest
from django.contrib.messages import get_messages

from events.audit.services import Actor
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.models import ErrorReason, Message, Status
from registrations.registration import invitations as invitations_module
from registrations.registration.invitations import invitations_create_for_emails
from registrations.registration.models import Invitation
from tests.factories import CategoryFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="unity")


@pytest.fixture
def vip(event):
    return CategoryFactory(event=event, slug="vip", invitation_only=True)


def test_an_unusable_address_gets_its_code_and_a_failed_message_and_the_rest_are_sent(event, vip):
    batch = invitations_create_for_emails(
        event=event,
        category=vip,
        emails=["a@example.org", "maria@@example.org", "b@example.org"],
        actor=Actor.system(),
    )

    assert [i.email for i in batch.created] == [
        "a@example.org",
        "maria@@example.org",
        "b@example.org",
    ]
    assert batch.refused == {}
    assert batch.messages_failed == {
        "maria@@example.org": "The address is not a valid email address."
    }
    statuses = dict(Message.objects.values_list("recipient", "status"))
    assert statuses == {
        "a@example.org": Status.QUEUED,
        "maria@@example.org": Status.FAILED,
        "b@example.org": Status.QUEUED,
    }
    assert Message.objects.get(status=Status.FAILED).error_reason == ErrorReason.ADDRESS_INVALID


def test_an_unforeseen_error_in_one_row_rolls_back_that_invitation_only(event, vip, monkeypatch):
    send = invitations_module.messaging.invitation

    def send_or_break(invitation, *, language):
        if invitation.email == "broken@example.org":
            raise RuntimeError("template missing")
        return send(invitation, language=language)

    monkeypatch.setattr(invitations_module.messaging, "invitation", send_or_break)

    batch = invitations_create_for_emails(
        event=event,
        category=vip,
        emails=["a@example.org", "broken@example.org", "b@example.org"],
        actor=Actor.system(),
    )

    assert [i.email for i in batch.created] == ["a@example.org", "b@example.org"]
    assert batch.refused == {
        "broken@example.org": "No invitation was created; the error was logged."
    }
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "a@example.org",
        "b@example.org",
    }


def test_the_page_reports_the_batch(client, event, vip):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)

    response = client.post(
        "/manage/unity/invitations/",
        {"category": vip.pk, "emails": "a@example.org\nb@example.org", "language": "en"},
    )

    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == ["2 invitations created and queued for sending."]
