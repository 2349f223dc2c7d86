import pytest
from django.conf import settings
from django.core import mail

from config.celery import app as celery_app
from notifications.models import Message, Status
from notifications.services import message_enqueue
from notifications.tasks import dispatch_due


def test_beat_wakes_the_dispatcher_every_five_seconds():
    entry = settings.CELERY_BEAT_SCHEDULE["notifications.dispatch_due"]

    assert entry["task"] == "notifications.dispatch_due"
    assert entry["schedule"] <= 5
    # No ETA or countdown: a tick that waited too long is dropped, not kept for later.
    assert not {"eta", "countdown"} & set(entry.get("options", {}))
    assert entry["options"]["expires"] <= 300


def test_the_dispatch_task_is_named_and_acknowledged_late():
    task = celery_app.tasks["notifications.dispatch_due"]

    assert task.name == dispatch_due.name
    assert task.acks_late is True


@pytest.mark.django_db
def test_the_dispatch_task_sends_due_messages_and_is_harmless_to_repeat():
    message = message_enqueue(
        dedupe_key="task:1",
        recipient="amina@example.org",
        kind="test.reminder",
        subject="Reminder",
        body_text="Soon.",
    )

    dispatch_due.delay()
    dispatch_due.delay()

    assert len(mail.outbox) == 1
    assert Message.objects.get(pk=message.pk).status == Status.SENT
