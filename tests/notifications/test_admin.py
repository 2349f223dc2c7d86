import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from notifications.models import Message, Status
from notifications.services import Attachment, message_enqueue

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 16)
    client.force_login(user)
    return client


def make(number: int, status: str = Status.QUEUED) -> Message:
    message = message_enqueue(
        dedupe_key=f"admin:{number}",
        recipient=f"delegate{number}@example.org",
        kind="registration.approved",
        subject=f"Approved {number}",
        body_text="Your badge is attached.",
        attachments=[Attachment("badge.pdf", b"%PDF", "application/pdf")],
    )
    Message.objects.filter(pk=message.pk).update(
        status=status, last_error="SMTPRecipientsRefused: 452 Full", sent_at=timezone.now()
    )
    return message


def test_the_admin_lists_messages_with_filters(admin_client):
    make(1, Status.FAILED)

    page = admin_client.get("/admin/notifications/message/?status__exact=failed")

    assert page.status_code == 200
    assert "delegate1@example.org" in page.content.decode()


def test_the_admin_shows_a_message_read_only_with_its_attachments(admin_client):
    message = make(1, Status.FAILED)

    page = admin_client.get(f"/admin/notifications/message/{message.pk}/change/")

    assert page.status_code == 200
    content = page.content.decode()
    assert "badge.pdf" in content
    assert "SMTPRecipientsRefused: 452 Full" in content
    assert 'name="subject"' not in content  # nothing to edit


def test_the_admin_resend_action_queues_failed_messages_only(admin_client):
    failed, sent = make(1, Status.FAILED), make(2, Status.SENT)

    response = admin_client.post(
        "/admin/notifications/message/",
        {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )

    content = response.content.decode()
    assert "1 message queued again." in content
    assert "1 message was skipped: only failed messages can be sent again." in content
    assert Message.objects.get(pk=failed.pk).status == Status.QUEUED
    assert Message.objects.get(pk=sent.pk).status == Status.SENT
