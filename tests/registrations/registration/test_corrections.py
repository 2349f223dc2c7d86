"""An officer corrects a registrant's address and what failed is sent again to it
(registrations/registration/corrections.py and its form on the registration page)."""

import pytest

from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.dispatch import messages_dispatch_due
from notifications.models import ErrorReason, Message, Status
from registrations.registration.corrections import registration_correct_email
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Registration
from registrations.registration.services import registration_approve
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.notifications.conftest import smtp_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

OFFICER = Actor(label="officer@example.org")


@pytest.fixture
def event():
    return EventFactory(slug="unity")


@pytest.fixture
def officer_client(client, event):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)
    return client


def approved_with(event, email: str) -> Registration:
    registration = RegistrationFactory(event=event, email=email, status="pending")
    registration_approve(registration_id=registration.pk, actor=OFFICER)
    return registration


def test_a_refused_address_corrected_on_the_page_gets_the_failed_message(
    officer_client,
    event,
    smtp_server,  # noqa: F811 (the fixture imported above)
):
    sink = smtp_server(refuse={"amina.typo@example.org"})
    registration = approved_with(event, "amina.typo@example.org")
    messages_dispatch_due()
    failed = Message.objects.get(kind="registration.approved")
    assert (failed.status, failed.error_reason) == (Status.FAILED, ErrorReason.ADDRESS_REFUSED)
    page = officer_client.get(f"/manage/unity/registrations/{registration.reference}/")
    assert "1 message to this address failed." in page.content.decode()

    response = officer_client.post(
        f"/manage/unity/registrations/{registration.reference}/email/",
        {"email": "amina@example.org"},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 failed message queued again to the new address." in response.content.decode()
    registration.refresh_from_db()
    assert registration.email == "amina@example.org"
    messages_dispatch_due()
    assert [d.recipients for d in sink.deliveries] == [("amina@example.org",)]
    copy = Message.objects.get(recipient="amina@example.org")
    assert (copy.status, copy.kind, copy.subject) == (Status.SENT, failed.kind, failed.subject)
    # The original stays as the record of what failed, and where.
    failed.refresh_from_db()
    assert (failed.status, failed.recipient) == (Status.FAILED, "amina.typo@example.org")
    entry = AuditEntry.objects.get(action="registration.email_corrected")
    assert entry.data == {"changed": True, "messages_sent_again": 1}


def test_an_address_written_past_the_form_is_corrected_and_the_badge_follows(event):
    registration = approved_with(event, "maria@@example.org")
    failed = Message.objects.get(kind="registration.approved")
    assert (failed.status, failed.error_reason) == (Status.FAILED, ErrorReason.ADDRESS_INVALID)

    correction = registration_correct_email(
        registration_id=registration.pk, email="maria@example.org", actor=OFFICER
    )

    assert correction.messages_sent_again == 1
    assert correction.previous_email == "maria@@example.org"
    copy = Message.objects.get(recipient="maria@example.org")
    assert copy.status == Status.QUEUED
    assert list(copy.attachments.values_list("filename", flat=True)) == list(
        failed.attachments.values_list("filename", flat=True)
    )


def test_correcting_twice_to_the_same_address_sends_once(event):
    registration = approved_with(event, "maria@@example.org")

    for _attempt in range(2):
        registration_correct_email(
            registration_id=registration.pk, email="maria@example.org", actor=OFFICER
        )

    assert Message.objects.filter(recipient="maria@example.org").count() == 1


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Enter the email address."),
        ("maria@@example.org", "Enter a valid email address."),
        ("maría@example.org", "Enter a valid email address."),
        ("a" * 250 + "@example.org", "The address is longer than 254 characters."),
    ],
)
def test_an_address_the_form_would_refuse_is_refused_naming_the_field(event, email, error):
    registration = RegistrationFactory(event=event, email="old@example.org")

    with pytest.raises(RegistrationError) as refusal:
        registration_correct_email(registration_id=registration.pk, email=email, actor=OFFICER)

    assert (refusal.value.field, refusal.value.message) == ("email", error)
    registration.refresh_from_db()
    assert registration.email == "old@example.org"


def test_another_registrations_address_is_refused_on_the_page(officer_client, event):
    RegistrationFactory(event=event, email="taken@example.org")
    registration = RegistrationFactory(event=event, email="old@example.org")

    response = officer_client.post(
        f"/manage/unity/registrations/{registration.reference}/email/",
        {"email": "TAKEN@example.org"},
    )

    assert response.status_code == 400
    assert response.context["email_form"].errors == {
        "email": ["This email address is already registered for this event."]
    }
    registration.refresh_from_db()
    assert registration.email == "old@example.org"


def test_a_malformed_address_is_a_field_error_on_the_page(officer_client, event):
    registration = RegistrationFactory(event=event, email="old@example.org")

    response = officer_client.post(
        f"/manage/unity/registrations/{registration.reference}/email/", {"email": "not an address"}
    )

    assert response.status_code == 400
    assert "email" in response.context["email_form"].errors


def test_the_same_address_in_another_event_is_no_duplicate(event):
    RegistrationFactory(event=EventFactory(), email="shared@example.org")
    registration = RegistrationFactory(event=event, email="old@example.org")

    registration_correct_email(
        registration_id=registration.pk, email="shared@example.org", actor=OFFICER
    )

    registration.refresh_from_db()
    assert registration.email == "shared@example.org"
