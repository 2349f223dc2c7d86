"""Bulk approval: each row on its own, each reported (registrations/registration/bulk.py)."""

import pytest
from django.contrib.messages import get_messages

from events.audit.services import Actor
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.models import ErrorReason, Message, Status
from registrations.registration import bulk
from registrations.registration.bulk import registrations_bulk_approve
from registrations.registration.models import Registration
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

OFFICER = Actor(label="officer@example.org")


@pytest.fixture
def event():
    return EventFactory(slug="unity")


def test_an_address_the_form_would_refuse_does_not_stop_the_bulk_approval(client, event):
    good = RegistrationFactory.create_batch(2, event=event)
    # Written straight into the database, past the form.
    bad = RegistrationFactory(event=event, email="maria@@example.org")
    accented = RegistrationFactory(event=event, email="maria.garcía.163@example.org")
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)

    response = client.post(
        "/manage/unity/registrations/bulk-approve/",
        {"reference": [good[0].reference, bad.reference, accented.reference, good[1].reference]},
    )

    assert response.status_code == 302
    assert Registration.objects.filter(event=event, status="approved").count() == 4
    messages = dict(
        Message.objects.filter(kind="registration.approved").values_list("recipient", "status")
    )
    assert messages["maria@@example.org"] == Status.FAILED
    assert messages["maria.garcía.163@example.org"] == Status.QUEUED
    failed = Message.objects.get(recipient="maria@@example.org")
    assert failed.error_reason == ErrorReason.ADDRESS_INVALID
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == [
        "4 approved, 0 not approved.",
        f"{bad.reference} approved, but the approval message was not sent: "
        "The address is not a valid email address. Correct the address on the registration.",
    ]


def test_each_refusal_is_reported_with_its_reference_and_reason(client, event):
    pending = RegistrationFactory(event=event)
    rejected = RegistrationFactory(event=event, status="rejected")
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)

    response = client.post(
        "/manage/unity/registrations/bulk-approve/",
        {"reference": [pending.reference, rejected.reference, "NOPE-1"]},
    )

    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[0] == "1 approved, 2 not approved."
    assert shown[1].startswith(f"{rejected.reference} not approved: ")
    assert shown[2] == "NOPE-1 not approved: No such registration."


def test_an_unforeseen_error_in_one_row_rolls_back_that_row_only(event, monkeypatch):
    first, broken, last = RegistrationFactory.create_batch(3, event=event)
    approve = bulk.registration_approve

    def approve_or_break(*, registration_id, actor):
        if registration_id == broken.pk:
            raise RuntimeError("disk full")
        return approve(registration_id=registration_id, actor=actor)

    monkeypatch.setattr(bulk, "registration_approve", approve_or_break)

    result = registrations_bulk_approve(
        event=event,
        references=[first.reference, broken.reference, last.reference],
        actor=OFFICER,
    )

    assert result.approved == [first.reference, last.reference]
    assert result.refused == {broken.reference: "It could not be approved; the error was logged."}
    broken.refresh_from_db()
    assert broken.status == "pending"


def test_a_reference_given_twice_is_approved_once(event):
    registration = RegistrationFactory(event=event)

    result = registrations_bulk_approve(
        event=event, references=[registration.reference] * 2, actor=OFFICER
    )

    assert result.approved == [registration.reference]
    assert result.refused == {}
