"""Writes of the outbox: queue a message, cancel planned ones, send a failed one again.

How another app sends an email
------------------------------
Call one of these inside the transaction of the workflow step that causes the
message (the row then exists only if the step commits):

    from notifications.services import Attachment, message_enqueue_from_templates

    message_enqueue_from_templates(
        dedupe_key=f"registration:{registration.pk}:approved:{entry.pk}",
        template_prefix="registrations/email/approved",
        context={"registration": registration, "page_url": url},
        language=registration.language,          # one of settings.LANGUAGES
        recipient=registration.email,
        recipient_name=registration.full_name,
        kind="registration.approved",
        scope=event_message_scope(registration.event),   # "event:<pk>"
        attachments=[Attachment("summit.ics", ics_bytes, "text/calendar"),
                     # Made by the worker when it sends (notifications.attachments):
                     DeferredAttachment("badge.pdf", "registrations.badge_pdf",
                                        {"registration_id": registration.pk},
                                        "application/pdf")],
        scheduled_at=None,                       # None: as soon as possible
    )

- `template_prefix` names three templates the calling app owns:
  `<prefix>_subject.txt`, `<prefix>.txt` (plain text, rendered without HTML
  escaping) and `<prefix>.html` (optional). They are rendered at enqueue time
  with the given context under `translation.override(language)`. HTML
  templates may extend `notifications/email_base.html` (language, direction and
  a standard footer).
- `dedupe_key` names the message for good: calling again with the same key
  returns the existing row and renders nothing, whatever its state (even
  cancelled or sent). When the content or time must change, use a new key (for
  example with a version: `reminder:session:42:registration:7:v3`) and cancel
  the old one with `messages_cancel(key_prefix=...)`.
- Queuing never fails the step on the recipient's account: an address the
  outbox cannot send to (`notifications.addresses`) is kept as a `failed`
  message with its `error_reason`, which the organizer's messages page shows,
  and the caller's transaction goes on. A name or subject longer than its
  column is shortened. What still raises is a caller's mistake (an empty or
  over-long key, kind or body, an unknown language): tests find those.
- Delivery is asynchronous: the Celery beat job `notifications.dispatch_due`
  sends due messages every few seconds (see `notifications.dispatch`).
  In tests, call `notifications.dispatch.messages_dispatch_due()` to deliver
  what is due to the configured email backend.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Left
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.addresses import address_problem
from notifications.attachments import attachment_producer_known
from notifications.models import Message, MessageAttachment, Status, is_offered_language
from notifications.rendering import email_render

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message (a badge PDF, an .ics invitation)."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class DeferredAttachment:
    """A file the dispatcher makes when it sends the message (notifications.attachments)."""

    filename: str
    producer: str
    args: dict
    content_type: str = "application/octet-stream"


class NotificationError(Exception):
    """A refusal an organizer reads (for example: re-sending a message that did not fail)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _message_id_domain() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return domain or "summit.local"


def _fit(text: str, field: str) -> str:
    """`text` without NUL characters (PostgreSQL refuses them), shortened to the column."""
    text = text.replace("\x00", "")
    length = Message._meta.get_field(field).max_length
    return text if len(text) <= length else text[: length - 1] + "…"


def _attachments(
    attachments: Iterable[Attachment | DeferredAttachment | tuple],
) -> list[Attachment | DeferredAttachment]:
    # Also accepts Django's (filename, content, mimetype) tuples.
    result = []
    for item in attachments:
        if isinstance(item, DeferredAttachment):
            if not attachment_producer_known(item.producer):
                raise ValueError(f"No attachment producer is registered as {item.producer!r}.")
            result.append(item)
            continue
        attachment = item if isinstance(item, Attachment) else Attachment(*item)
        content = attachment.content
        if isinstance(content, str):
            content = content.encode()
        result.append(Attachment(attachment.filename, bytes(content), attachment.content_type))
    return result


@transaction.atomic
def message_enqueue(
    *,
    dedupe_key: str,
    recipient: str,
    subject: str,
    body_text: str,
    kind: str,
    recipient_name: str = "",
    language: str = "en",
    scope: str = "",
    body_html: str = "",
    attachments: Iterable[Attachment | DeferredAttachment | tuple] = (),
    scheduled_at: datetime | None = None,
) -> Message:
    """Queue one email; idempotent on `dedupe_key`.

    Returns the new message, or the existing one when the key is already known
    (in any state), also when two calls race on PostgreSQL: the unique
    constraint decides and the loser returns the winner's row. `scheduled_at`
    (aware datetime) defaults to now.

    An address the outbox cannot send to gives a message that is already
    `failed` (`error_reason` "address_invalid", the detail in `last_error`);
    nothing is raised, so the caller's step commits. Raises `ValidationError`
    for a bad language or an empty or over-long key, kind, scope or body: a
    mistake of the caller, not of the recipient's data.
    """
    existing = Message.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    if scheduled_at is not None and timezone.is_naive(scheduled_at):
        raise ValueError("scheduled_at must be an aware datetime")
    recipient = recipient.strip()
    message = Message(
        dedupe_key=dedupe_key,
        recipient=_fit(recipient, "recipient"),
        recipient_name=_fit(" ".join(recipient_name.split()), "recipient_name"),
        language=language,
        kind=kind,
        scope=scope,
        subject=_fit(" ".join(subject.split()), "subject"),
        body_text=body_text.replace("\x00", ""),
        body_html=body_html.replace("\x00", ""),
        scheduled_at=scheduled_at or timezone.now(),
        provider_message_id=f"<{uuid.uuid4().hex}@{_message_id_domain()}>",
    )
    if problem := address_problem(recipient):
        message.status = Status.FAILED
        message.error_reason = problem.reason
        message.last_error = problem.detail
    message.full_clean(exclude=["recipient"], validate_unique=False, validate_constraints=False)
    files = _attachments(attachments)
    try:
        # A savepoint: losing the race on the unique key must not spoil the
        # caller's transaction.
        with transaction.atomic():
            message.save(force_insert=True)
            MessageAttachment.objects.bulk_create(
                MessageAttachment(
                    message=message,
                    filename=file.filename,
                    content_type=file.content_type,
                    content=getattr(file, "content", b""),
                    producer=getattr(file, "producer", ""),
                    producer_args=getattr(file, "args", {}),
                    position=position,
                )
                for position, file in enumerate(files)
            )
    except IntegrityError:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is None:
            raise
        return existing
    if message.status == Status.FAILED:
        logger.warning(
            "Message %s (%s) failed at once, its address cannot be used: %s",
            message.pk,
            dedupe_key,
            message.last_error,
        )
    else:
        logger.info("Queued %s message %s (%s)", kind, message.pk, dedupe_key)
    return message


def message_enqueue_from_templates(
    *,
    dedupe_key: str,
    template_prefix: str,
    context: dict,
    language: str,
    recipient: str,
    kind: str,
    recipient_name: str = "",
    scope: str = "",
    attachments: Iterable[Attachment | DeferredAttachment | tuple] = (),
    scheduled_at: datetime | None = None,
) -> Message:
    """Render the caller's templates in `language`, then `message_enqueue` the result.

    Nothing is rendered when the dedupe key is already known.
    """
    existing = Message.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    if not is_offered_language(language):
        raise ValueError(f"Unknown language {language!r}; not in settings.LANGUAGES.")
    rendered = email_render(template_prefix=template_prefix, context=context, language=language)
    return message_enqueue(
        dedupe_key=dedupe_key,
        recipient=recipient,
        recipient_name=recipient_name,
        language=language,
        kind=kind,
        scope=scope,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        attachments=attachments,
        scheduled_at=scheduled_at,
    )


@transaction.atomic
def messages_cancel(*, key_prefix: str) -> int:
    """Cancel the messages not yet sent whose dedupe key starts with `key_prefix`.

    Queued messages are cancelled, and so are messages a dispatcher has claimed
    but not yet sent: a dispatcher looks for cancellations in the batch it is
    sending every half second, so at most that long of it still goes out.
    Sent, failed and cancelled messages are left alone. Returns how many were
    cancelled. The match is case-sensitive on every database.
    """
    if not key_prefix:
        raise ValueError("key_prefix must not be empty")
    cancelled = (
        Message.objects.filter(
            dedupe_key__startswith=key_prefix, status__in=[Status.QUEUED, Status.SENDING]
        )
        # LIKE ignores case on SQLite; this keeps the match exact there too.
        .filter(Exact(Left("dedupe_key", len(key_prefix)), Value(key_prefix)))
        .update(status=Status.CANCELLED, updated_at=timezone.now())
    )
    if cancelled:
        logger.info("Cancelled %s messages with keys starting %r", cancelled, key_prefix)
    return cancelled


@transaction.atomic
def message_resend(*, message_id: int, scope: str | None = None) -> Message:
    """Queue a failed message again, due now, with a fresh count of attempts.

    The attempt count and the retry time restart, so the message gets the full
    48 hours of retries; `last_error` and `error_reason` are kept until the
    next attempt replaces them, and the Message-ID stays the same (a receiver
    that did get an earlier copy can dedupe). With `scope`, the message must
    belong to it. Raises `NotificationError` when the message is unknown, did
    not fail, or goes to an address the outbox cannot use.
    """
    messages = Message.objects.select_for_update().filter(pk=message_id)
    if scope is not None:
        messages = messages.filter(scope=scope)
    message = messages.first()
    if message is None:
        raise NotificationError(_("This message does not exist."))
    if message.status != Status.FAILED:
        raise NotificationError(_("Only a failed message can be sent again."))
    if address_problem(message.recipient):
        raise NotificationError(
            _(
                "The address of this message is not a valid email address, so it cannot be "
                "sent again. Correct the address, then send the person a new message."
            )
        )
    message.status = Status.QUEUED
    message.attempts = 0
    message.first_attempt_at = None
    message.scheduled_at = timezone.now()
    message.lease_expires_at = None
    message.claim_token = None
    message.save(
        update_fields=[
            "status",
            "attempts",
            "first_attempt_at",
            "scheduled_at",
            "lease_expires_at",
            "claim_token",
            "updated_at",
        ]
    )
    logger.info("Message %s queued again", message.pk)
    return message


@transaction.atomic
def message_copy_to(*, message_id: int, recipient: str, dedupe_key: str) -> Message:
    """Queue a copy of a message to another address (a corrected one); idempotent on the key.

    A failed message keeps the address it failed for; sending to a corrected address
    is a new message with its own `dedupe_key`, the same subject, bodies, kind,
    scope and attachments. The address is checked as `message_enqueue` checks it:
    an unusable one gives a `failed` copy with the reason. Raises
    `NotificationError` when the message is unknown.
    """
    original = Message.objects.filter(pk=message_id).first()
    if original is None:
        raise NotificationError(_("This message does not exist."))
    attachments = [
        DeferredAttachment(
            filename=file.filename,
            producer=file.producer,
            args=file.producer_args,
            content_type=file.content_type,
        )
        if file.producer
        else Attachment(file.filename, bytes(file.content), file.content_type)
        for file in original.attachments.order_by("position")
    ]
    return message_enqueue(
        dedupe_key=dedupe_key,
        recipient=recipient,
        recipient_name=original.recipient_name,
        language=original.language,
        kind=original.kind,
        scope=original.scope,
        subject=original.subject,
        body_text=original.body_text,
        body_html=original.body_html,
        attachments=attachments,
    )


# An address under the reserved .invalid domain: clearly not a person's.
ERASED_RECIPIENT = "erased@erased.invalid"


@transaction.atomic
def messages_erase_recipient(*, scope: str, recipient: str) -> int:
    """Erase what the outbox keeps about one person in a scope; returns how many messages.

    Address, name, subject, bodies, attachments and errors go; kind, status and
    times stay as anonymous statistics. Messages not yet sent are cancelled, as
    there is no one left to send them to.
    """
    messages = Message.objects.filter(scope=scope, recipient__iexact=recipient.strip())
    ids = list(messages.values_list("pk", flat=True))
    if not ids:
        return 0
    Message.objects.filter(pk__in=ids, status__in=[Status.QUEUED, Status.SENDING]).update(
        status=Status.CANCELLED
    )
    MessageAttachment.objects.filter(message_id__in=ids).delete()
    Message.objects.filter(pk__in=ids).update(
        recipient=ERASED_RECIPIENT,
        recipient_name="",
        subject="",
        body_text="",
        body_html="",
        last_error="",
        updated_at=timezone.now(),
    )
    logger.info("Erased %s messages of one recipient in %s", len(ids), scope)
    return len(ids)
