"""The dispatcher: claims due messages, sends them, records each outcome.

One run (`messages_dispatch_due`, called by the Celery task
`notifications.dispatch_due` that beat starts every 5 seconds):

1. Claim a batch in a short transaction: rows that are due (`queued`,
   `scheduled_at` passed) and rows whose lease ran out (`sending` left by a
   worker that died), locked with `SELECT … FOR UPDATE SKIP LOCKED` on
   PostgreSQL so concurrent dispatchers take different rows. On SQLite the
   transaction is `BEGIN IMMEDIATE` (see settings), so claims run one after the
   other. On every database the claiming UPDATE repeats the "still claimable"
   condition, so a row is never claimed twice. Claimed rows become `sending`
   with a lease and a claim token, and the transaction commits.
2. Send each message through one email backend connection reused for the run
   (skipping those cancelled meanwhile, looked up every half second), then
   record its outcome at once (`sent`, back to `queued` with backoff, or
   `failed`), only where the claim token is still ours.

The lease is short (`NOTIFICATIONS_LEASE_SECONDS`, 30 s) and the run renews it
for the rest of its batch every third of it, between two messages: a worker
that dies holds its messages for at most one lease, and another takes them
within a minute. Renewing between messages, not from a timer, ties the lease
to progress: a worker stuck in one send for longer than the lease loses the
rest of its batch to another, and skips what it lost when it wakes up.

A message is sent with the same Message-ID on every attempt. SMTP cannot make
"sent" and "recorded" one atomic step: if a worker dies after the server
accepted a message and before the row says `sent`, the message goes out again
after the lease, with the same Message-ID, so the receiver can drop the copy.
The lost attempt counts; a message whose worker is lost twice in a row (one
that kills its worker, say) then waits its backoff like any failure.

A temporary failure (server out of reach, 4xx) is tried again with backoff for
48 hours (notifications.retries); a permanent refusal (5xx, an address that
cannot be used) fails at once. notifications.delivery_errors tells which is
which and why, in words an organizer reads.

On PostgreSQL the dispatcher's own commits (claims, renewals and results) are
asynchronous (`synchronous_commit = off` for its session): they no longer wait
for the disk, which is most of the cost of recording each message on a busy
server. Only a crash of the PostgreSQL server itself can lose the last fraction
of a second of them, and losing one only turns a row back into `sending` or
`queued`: the message is then sent again with the same Message-ID, the case
above. A queued message is never lost that way: enqueueing commits in the
caller's transaction, synchronously.
"""

import logging
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import DateTimeField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from notifications.addresses import UnusableAddress, envelope_address
from notifications.attachments import attachment_produce
from notifications.delivery_errors import DeliveryOutcome, delivery_outcome
from notifications.models import ErrorReason, Message, MessageAttachment, Status
from notifications.retries import next_attempt_at

logger = logging.getLogger(__name__)

# How often a batch being sent looks for messages cancelled since it was claimed:
# one query per interval rather than one per message.
CANCEL_CHECK_SECONDS = 0.5

LEASE_LOST_ERROR = "The worker sending this message stopped before recording the result."


@dataclass
class DispatchReport:
    """What one dispatcher run did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    reclaimed: int = 0
    renewed: int = 0


@dataclass(frozen=True)
class _Claim:
    token: uuid.UUID
    messages: list[Message]
    # Monotonic time the claim was made: its lease runs from there.
    started: float


class _ConnectFailed(Exception):
    """The email backend could not be reached: nothing in this batch can be sent."""


class _Mailer:
    """One backend connection, opened on first use and reused for the whole run."""

    def __init__(self) -> None:
        self.connection = None

    def send(self, email: EmailMultiAlternatives) -> int:
        if self.connection is None:
            connection = get_connection(fail_silently=False)
            try:
                connection.open()
            except Exception as exc:
                raise _ConnectFailed(exc) from exc
            self.connection = connection
        return self.connection.send_messages([email])

    def close(self) -> None:
        if self.connection is not None:
            # A connection that broke may fail to say goodbye; it is dropped either way.
            with suppress(Exception):
                self.connection.close()
            self.connection = None


def _address(name: str, email: str) -> str:
    if not name:
        return email
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{email}>'


def email_build(message: Message) -> EmailMultiAlternatives:
    """The email for a message: text, HTML alternative, attachments, stable Message-ID.

    Raises `UnusableAddress` for a recipient the outbox cannot send to (one
    written to the table by other means than `message_enqueue`).
    """
    envelope_address(message.recipient)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[_address(message.recipient_name, message.recipient)],
        headers={
            "Message-ID": message.provider_message_id,
            # RFC 3834: no vacation auto-replies to machine-sent mail.
            "Auto-Submitted": "auto-generated",
            "Content-Language": message.language,
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        content = attachment_content(attachment)
        if content is not None:
            email.attach(attachment.filename, content, attachment.content_type)
    return email


def attachment_content(attachment: MessageAttachment) -> bytes | None:
    """The file's bytes: stored, or made now by its producer (None: nothing to attach)."""
    if attachment.is_deferred:
        return attachment_produce(attachment.producer, attachment.producer_args)
    return bytes(attachment.content)


def _retake_lost(*, now: datetime, limit: int, report: DispatchReport) -> None:
    """Put back the rows a dead worker left `sending`, counting the lost attempt.

    The first loss is tried again at once; a second in a row waits its backoff,
    so a message that kills every worker that tries it cannot stop the outbox.
    """
    lost = list(
        Message.objects.filter(status=Status.SENDING, lease_expires_at__lte=now)
        .order_by("lease_expires_at")
        .select_for_update(skip_locked=True)
        .only("pk", "attempts", "error_reason", "first_attempt_at")[:limit]
    )
    failed = 0
    for message in lost:
        attempts = message.attempts + 1
        again_at = next_attempt_at(
            first_attempt_at=message.first_attempt_at, attempts=attempts, now=now
        )
        if again_at is not None and message.error_reason != ErrorReason.WORKER_LOST:
            again_at = now
        changes = (
            {"status": Status.FAILED}
            if again_at is None
            else {"status": Status.QUEUED, "scheduled_at": again_at}
        )
        failed += again_at is None
        Message.objects.filter(
            pk=message.pk, status=Status.SENDING, lease_expires_at__lte=now
        ).update(
            attempts=attempts,
            last_error=LEASE_LOST_ERROR,
            error_reason=ErrorReason.WORKER_LOST,
            lease_expires_at=None,
            claim_token=None,
            updated_at=now,
            **changes,
        )
    if lost:
        report.reclaimed += len(lost)
        report.failed += failed
        logger.warning(
            "Took back %s messages whose sender stopped (%s failed for good)", len(lost), failed
        )


def _claim(*, limit: int, report: DispatchReport) -> _Claim:
    token = uuid.uuid4()
    now = timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        _retake_lost(now=now, limit=limit, report=report)
        due_ids = list(
            Message.objects.filter(status=Status.QUEUED, scheduled_at__lte=now)
            .order_by("scheduled_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if due_ids:
            Message.objects.filter(
                pk__in=due_ids, status=Status.QUEUED, scheduled_at__lte=now
            ).update(
                status=Status.SENDING,
                claim_token=token,
                lease_expires_at=now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS),
                first_attempt_at=Coalesce(
                    "first_attempt_at", Value(now), output_field=DateTimeField()
                ),
                updated_at=now,
            )
    messages = (
        list(
            Message.objects.filter(pk__in=due_ids, claim_token=token)
            .prefetch_related("attachments")
            .order_by("scheduled_at", "id")
        )
        if due_ids
        else []
    )
    report.claimed += len(messages)
    return _Claim(token=token, messages=messages, started=started)


def _renew(messages: list[Message], token: uuid.UUID, report: DispatchReport) -> None:
    """Extend the lease of the claimed messages not yet sent."""
    now = timezone.now()
    report.renewed += Message.objects.filter(
        pk__in=[message.pk for message in messages], claim_token=token, status=Status.SENDING
    ).update(
        lease_expires_at=now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS),
        updated_at=now,
    )


def _record_sent(message: Message, token: uuid.UUID, now: datetime) -> bool:
    # Matched on the claim alone: a message cancelled while it was being sent did
    # go out, and the row must say so.
    return bool(
        Message.objects.filter(pk=message.pk, claim_token=token).update(
            status=Status.SENT,
            sent_at=now,
            attempts=message.attempts + 1,
            lease_expires_at=None,
            claim_token=None,
            updated_at=now,
        )
    )


def _record_failure(
    message: Message, token: uuid.UUID, outcome: DeliveryOutcome, report: DispatchReport
) -> None:
    now = timezone.now()
    attempts = message.attempts + 1
    again_at = (
        None
        if outcome.permanent
        else next_attempt_at(first_attempt_at=message.first_attempt_at, attempts=attempts, now=now)
    )
    if again_at is None:
        changes = {"status": Status.FAILED}
    else:
        changes = {"status": Status.QUEUED, "scheduled_at": again_at}
    updated = Message.objects.filter(
        pk=message.pk, claim_token=token, status=Status.SENDING
    ).update(
        attempts=attempts,
        last_error=outcome.detail,
        error_reason=outcome.reason,
        lease_expires_at=None,
        claim_token=None,
        updated_at=now,
        **changes,
    )
    if not updated:
        return
    if again_at is None:
        report.failed += 1
        logger.warning(
            "Message %s failed after %s attempts: %s", message.pk, attempts, outcome.detail
        )
    else:
        report.retried += 1
        logger.info(
            "Message %s will be retried (attempt %s): %s", message.pk, attempts, outcome.detail
        )


def _withdrawn(messages: list[Message], token: uuid.UUID) -> set[int]:
    """Those of `messages` cancelled (or taken over) since they were claimed."""
    return set(
        Message.objects.filter(pk__in=[message.pk for message in messages])
        .exclude(claim_token=token, status=Status.SENDING)
        .values_list("pk", flat=True)
    )


def _send_batch(claim: _Claim, mailer: _Mailer, report: DispatchReport) -> bool:
    """Send a claimed batch. False when the run should stop: the email backend is
    unreachable."""
    withdrawn: set[int] = set()
    next_check = claim.started + CANCEL_CHECK_SECONDS
    renew_every = settings.NOTIFICATIONS_LEASE_SECONDS / 3
    next_renewal = claim.started + renew_every
    for index, message in enumerate(claim.messages):
        now = time.monotonic()
        if now >= next_renewal:
            _renew(claim.messages[index:], claim.token, report)
            next_renewal = now + renew_every
            # What the renewal could not extend was cancelled or taken over.
            next_check = now
        if now >= next_check:
            withdrawn = _withdrawn(claim.messages[index:], claim.token)
            next_check = now + CANCEL_CHECK_SECONDS
        if message.pk in withdrawn:
            report.skipped += 1
            continue
        try:
            email = email_build(message)
        except UnusableAddress as exc:
            _record_failure(message, claim.token, delivery_outcome(exc), report)
            continue
        except Exception as exc:
            logger.exception("Message %s cannot be built", message.pk)
            outcome = delivery_outcome(exc)
            if not outcome.permanent:
                # An attachment that cannot be made will not be made next time either.
                outcome = DeliveryOutcome(ErrorReason.MESSAGE_INVALID, outcome.detail, True)
            _record_failure(message, claim.token, outcome, report)
            continue
        try:
            sent = mailer.send(email)
        except _ConnectFailed as exc:
            reached = delivery_outcome(exc.__cause__ or exc)
            # Nothing was tried: whatever went wrong is no message's fault.
            outcome = DeliveryOutcome(
                ErrorReason.SERVER_LOGIN
                if reached.reason == ErrorReason.SERVER_LOGIN
                else ErrorReason.SERVER_UNREACHABLE,
                reached.detail,
                permanent=False,
            )
            logger.warning("Email backend unreachable: %s", outcome.detail)
            for unsent in claim.messages[index:]:
                if unsent.pk not in withdrawn:
                    _record_failure(unsent, claim.token, outcome, report)
            return False
        except Exception as exc:
            outcome = delivery_outcome(exc)
            if outcome.connection_broken:
                mailer.close()
            _record_failure(message, claim.token, outcome, report)
            continue
        if not sent:
            _record_failure(
                message,
                claim.token,
                DeliveryOutcome(
                    ErrorReason.NOTHING_ACCEPTED,
                    "The email backend accepted no recipient.",
                    permanent=True,
                ),
                report,
            )
            continue
        if _record_sent(message, claim.token, timezone.now()):
            report.sent += 1
        else:
            logger.error("Message %s was sent after its claim was taken over", message.pk)
    return True


@contextmanager
def _asynchronous_commits():
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        # The connection may be reused by the next task: leave it as it was.
        with suppress(Exception), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def messages_dispatch_due(
    *, batch_size: int | None = None, time_budget: float | None = None
) -> DispatchReport:
    """Send what is due, batch after batch, until nothing is due or the time is up.

    Safe to run in many workers at once. Returns what was done.
    """
    batch_size = batch_size or settings.NOTIFICATIONS_BATCH_SIZE
    if time_budget is None:
        time_budget = settings.NOTIFICATIONS_DISPATCH_SECONDS
    deadline = time.monotonic() + time_budget
    report = DispatchReport()
    mailer = _Mailer()
    with _asynchronous_commits():
        try:
            while True:
                claim = _claim(limit=batch_size, report=report)
                if not claim.messages:
                    break
                carry_on = _send_batch(claim, mailer, report)
                if not carry_on or len(claim.messages) < batch_size:
                    break
                if time.monotonic() >= deadline:
                    break
        finally:
            mailer.close()
    return report
