"""The organizer page of an event's messages (events/outbox/views.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.summit.selectors import event_message_scope
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.models import ErrorReason, Message, Status
from notifications.services import Attachment, message_enqueue
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="unity", name={"en": "Unity for Security"})


def organizer(event, role: str):
    user = UserFactory()
    team_member_add(event=event, user=user, role=role)
    return user


def make(event, number: int, *, kind="registration.approved", status=Status.QUEUED, **fields):
    message = message_enqueue(
        dedupe_key=f"page:{event.pk}:{number}",
        recipient=fields.pop("recipient", f"delegate{number}@example.org"),
        recipient_name=fields.pop("recipient_name", f"Delegate {number}"),
        kind=kind,
        scope=event_message_scope(event),
        subject=fields.pop("subject", f"Subject {number}"),
        body_text=fields.pop("body_text", f"Body of message {number}"),
        **fields,
    )
    if status != Status.QUEUED:
        Message.objects.filter(pk=message.pk).update(status=status, sent_at=timezone.now())
    return message


def test_the_scope_of_an_event_is_its_primary_key(event):
    assert event_message_scope(event) == f"event:{event.pk}"


def test_anonymous_visitors_are_sent_to_the_login(client, event):
    response = client.get(f"/manage/{event.slug}/messages/")

    assert response.status_code == 302
    assert "/manage/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "status_code"),
    [
        (Role.ADMIN, 200),
        (Role.ACCREDITATION, 200),
        (Role.CHECKIN, 403),
        (Role.PROGRAMME, 403),
    ],
)
def test_admins_and_accreditation_officers_may_see_the_messages(client, event, role, status_code):
    client.force_login(organizer(event, role))

    assert client.get(f"/manage/{event.slug}/messages/").status_code == status_code


def test_a_role_on_another_event_gives_no_access(client, event):
    client.force_login(organizer(EventFactory(), Role.ADMIN))

    assert client.get(f"/manage/{event.slug}/messages/").status_code == 403


def test_an_unknown_summit_is_not_found(client, event):
    client.force_login(organizer(event, Role.ADMIN))

    assert client.get("/manage/no-such-summit/messages/").status_code == 404


def test_the_list_counts_by_status_and_kind_and_shows_only_this_event(client, event):
    make(event, 1, status=Status.SENT)
    make(event, 2, status=Status.SENT)
    make(event, 3, kind="registration.received", status=Status.FAILED)
    make(event, 4)
    make(EventFactory(), 5, subject="Another summit's message")
    client.force_login(organizer(event, Role.ACCREDITATION))

    response = client.get(f"/manage/{event.slug}/messages/")

    page = response.content.decode()
    assert "4 messages in all." in page
    by_status = response.context["counts"]["by_status"]
    assert by_status == {"queued": 1, "sending": 0, "sent": 2, "failed": 1, "cancelled": 0}
    assert [(kind, total) for kind, _per_status, total in response.context["kinds"]] == [
        ("registration.approved", 3),
        ("registration.received", 1),
    ]
    assert 'data-status="sent">2</a>' in page
    assert "Subject 1" in page
    assert "Another summit's message" not in page


def test_the_list_says_what_is_delayed_and_why(client, event):
    for number in (1, 2):
        message = make(event, number)
        Message.objects.filter(pk=message.pk).update(
            attempts=2,
            error_reason=ErrorReason.SERVER_UNREACHABLE,
            first_attempt_at=timezone.now(),
            scheduled_at=timezone.now() + timedelta(minutes=2),
        )
    make(event, 3, recipient="maria@@example.org")
    overdue = make(event, 4)
    Message.objects.filter(pk=overdue.pk).update(
        scheduled_at=timezone.now() - timedelta(minutes=12)
    )
    client.force_login(organizer(event, Role.ACCREDITATION))

    response = client.get(f"/manage/{event.slug}/messages/")

    page = response.content.decode()
    assert "Delayed, and why" in page
    assert [(group.reason, group.count) for group in response.context["delayed"]] == [
        (ErrorReason.SERVER_UNREACHABLE, 2)
    ]
    assert (
        '<td data-reason="server_unreachable">The mail server could not be reached or closed '
        "the connection.</td><td>2</td>"
    ) in page
    assert "The oldest message due has waited 12 minutes for a sender." in page
    # The failed message to an unusable address says why in the list.
    assert "The address is not a valid email address." in page


def test_a_message_to_an_unusable_address_says_why_and_offers_no_resend(client, event):
    message = make(event, 1, recipient="maria@@example.org")
    client.force_login(organizer(event, Role.ACCREDITATION))

    page = client.get(f"/manage/{event.slug}/messages/{message.pk}/").content.decode()

    assert '<p id="message-error-reason">The address is not a valid email address.</p>' in page
    assert "The address needs exactly one @." in page
    assert "Send again" not in page


def test_the_list_has_no_delay_section_when_nothing_is_delayed(client, event):
    make(event, 1)
    client.force_login(organizer(event, Role.ACCREDITATION))

    page = client.get(f"/manage/{event.slug}/messages/").content.decode()

    assert "Delayed, and why" not in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("status=failed", {"Subject 3"}),
        ("kind=registration.received", {"Subject 3"}),
        ("kind=registration.approved&status=sent", {"Subject 1"}),
        ("q=amina", {"Subject 2"}),
        ("q=AMINA%40EXAMPLE", {"Subject 2"}),
        ("q=Haddad", {"Subject 2"}),
        ("status=bogus", {"Subject 1", "Subject 2", "Subject 3"}),
    ],
)
def test_the_list_filters_by_status_kind_and_recipient(client, event, query, shown):
    make(event, 1, status=Status.SENT)
    make(event, 2, recipient="amina@example.org", recipient_name="Amina Haddad")
    make(event, 3, kind="registration.received", status=Status.FAILED)
    client.force_login(organizer(event, Role.ADMIN))

    response = client.get(f"/manage/{event.slug}/messages/?{query}")

    assert {m.subject for m in response.context["page"].object_list} == shown


def test_the_detail_shows_subject_text_error_attempts_and_attachments(client, event):
    message = make(
        event,
        1,
        subject="Your badge is ready",
        body_text="Dear Amina,\nyour badge is attached.",
        attachments=[
            Attachment("badge.pdf", b"x" * 2048, "application/pdf"),
            Attachment("summit.ics", b"BEGIN:VCALENDAR", "text/calendar"),
        ],
    )
    Message.objects.filter(pk=message.pk).update(
        status=Status.FAILED,
        attempts=8,
        last_error="SMTPRecipientsRefused: 452 Mailbox full",
        error_reason=ErrorReason.SERVER_DEFERRED,
    )
    client.force_login(organizer(event, Role.ACCREDITATION))

    page = client.get(f"/manage/{event.slug}/messages/{message.pk}/").content.decode()

    assert "Your badge is ready" in page
    assert '<p id="message-error-reason">The mail server asked to try again later.</p>' in page
    assert "Dear Amina,\nyour badge is attached." in page
    assert "SMTPRecipientsRefused: 452 Mailbox full" in page
    assert '<dd id="message-attempts">8</dd>' in page
    assert "badge.pdf" in page
    assert "2.0\xa0KB" in page
    assert "summit.ics" in page
    assert "Send again" in page


def test_the_detail_of_a_sent_message_offers_no_resend(client, event):
    message = make(event, 1, status=Status.SENT)
    client.force_login(organizer(event, Role.ADMIN))

    page = client.get(f"/manage/{event.slug}/messages/{message.pk}/").content.decode()

    assert "Send again" not in page


def test_another_events_message_is_not_found_here(client, event):
    foreign = make(EventFactory(), 1)
    client.force_login(organizer(event, Role.ADMIN))

    assert client.get(f"/manage/{event.slug}/messages/{foreign.pk}/").status_code == 404
    assert client.post(f"/manage/{event.slug}/messages/{foreign.pk}/resend/").status_code == 404


def test_resending_a_failed_message_queues_it_again(client, event):
    message = make(event, 1, status=Status.FAILED)
    Message.objects.filter(pk=message.pk).update(attempts=8)
    client.force_login(organizer(event, Role.ACCREDITATION))

    response = client.post(f"/manage/{event.slug}/messages/{message.pk}/resend/", follow=True)

    assert response.redirect_chain[-1][0] == f"/manage/{event.slug}/messages/{message.pk}/"
    assert "The message is queued again" in response.content.decode()
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 0


def test_resending_a_message_that_did_not_fail_is_refused(client, event):
    message = make(event, 1, status=Status.SENT)
    client.force_login(organizer(event, Role.ADMIN))

    response = client.post(f"/manage/{event.slug}/messages/{message.pk}/resend/", follow=True)

    assert "Only a failed message can be sent again." in response.content.decode()
    assert Message.objects.get(pk=message.pk).status == Status.SENT


def test_resend_needs_a_post_and_the_right_role(client, event):
    message = make(event, 1, status=Status.FAILED)
    client.force_login(organizer(event, Role.CHECKIN))
    assert client.post(f"/manage/{event.slug}/messages/{message.pk}/resend/").status_code == 403

    client.force_login(organizer(event, Role.ADMIN))
    assert client.get(f"/manage/{event.slug}/messages/{message.pk}/resend/").status_code == 405
    assert Message.objects.get(pk=message.pk).status == Status.FAILED


def test_the_page_speaks_arabic(client, event):
    make(event, 1, status=Status.FAILED)
    client.force_login(organizer(event, Role.ADMIN))

    page = client.get(f"/manage/{event.slug}/messages/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in page
    assert "الرسائل" in page  # "Messages"
