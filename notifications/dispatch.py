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

A message is sent with the same Message-ID on every attempt. SMTP cannot make
"sent" and "recorded" one atomic step: if a worker dies after the server
accepted a message and before the row says `sent`, the message goes out again
after the lease, with the same Message-ID, so the receiver can drop the copy.
A run stops sending its batch once half the lease is used, so a slow run never
sends a message whose lease another worker may already have taken.

On PostgreSQL the dispatcher's own commits (claims and results) are
asynchronous (`synchronous_commit = off` for its session): they no longer wait
for the disk, which is most of the cost of recording each message on a busy
server. Only a crash of the PostgreSQL server itself can lose the last fraction
of a second of them, and losing one only turns a row back into `sending` or
`queued`: the message is then sent again with the same Message-ID, the case
above. A queued message is never lost that way: enqueueing commits in the
caller's transaction, synchronously.
"""

import logging
import smtplib
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from notifications.attachments import attachment_produce
from notifications.models import Message, MessageAttachment, Status

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
    released: int = 0
    skipped: int = 0
    reclaimed: int = 0


@dataclass(frozen=True)
class _Claim:
    token: uuid.UUID
    messages: list[Message]
    # Monotonic time after which this claim sends nothing more (half the lease).
    send_until: float


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


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: exponential, capped."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_MAX_SECONDS)
    )


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text[:2000]


def _classify(exc: Exception) -> tuple[bool, bool]:
    """(permanent, connection_broken) for an error raised while sending one message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes), False
    if isinstance(
        exc,
        smtplib.SMTPServerDisconnected
        | smtplib.SMTPHeloError
        | smtplib.SMTPAuthenticationError
        | smtplib.SMTPNotSupportedError,
    ):
        return False, True
    if isinstance(exc, smtplib.SMTPSenderRefused):
        # Our own sender address refused: a setup problem, not this message's fault.
        return False, False
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_code == 421:  # the server is closing the connection
            return False, True
        return 500 <= exc.smtp_code < 600, False
    if isinstance(exc, OSError):  # refused, reset, timed out
        return False, True
    if isinstance(exc, ValueError | TypeError):
        # The backend could not build the MIME message (a header with a line
        # break, an encoding it cannot write): no retry will change that.
        return True, False
    # Unknown trouble inside the backend: retry, on a fresh connection.
    return False, True


def _address(name: str, email: str) -> str:
    if not name:
        return email
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{email}>'


def email_build(message: Message) -> EmailMultiAlternatives:
    """The email for a message: text, HTML alternative, attachments, stable Message-ID."""
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


def _claim(*, limit: int, report: DispatchReport) -> _Claim:
    token = uuid.uuid4()
    now = timezone.now()
    lease = settings.NOTIFICATIONS_LEASE_SECONDS
    started = time.monotonic()
    with transaction.atomic():
        # Rows a dead worker left behind: the lost attempt counts, so a message
        # that kills every worker that tries it ends up failed instead of looping.
        stale_ids = list(
            Message.objects.filter(status=Status.SENDING, lease_expires_at__lte=now)
            .order_by("lease_expires_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if stale_ids:
            stale = Message.objects.filter(
                pk__in=stale_ids, status=Status.SENDING, lease_expires_at__lte=now
            )
            common = {
                "attempts": F("attempts") + 1,
                "last_error": LEASE_LOST_ERROR,
                "lease_expires_at": None,
                "claim_token": None,
                "updated_at": now,
            }
            exhausted = stale.filter(attempts__gte=settings.NOTIFICATIONS_MAX_ATTEMPTS - 1).update(
                status=Status.FAILED, **common
            )
            requeued = stale.update(status=Status.QUEUED, **common)
            report.reclaimed += exhausted + requeued
            report.failed += exhausted
            logger.warning(
                "Took back %s messages whose sender stopped (%s failed for good)",
                exhausted + requeued,
                exhausted,
            )
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
                lease_expires_at=now + timedelta(seconds=lease),
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
    return _Claim(token=token, messages=messages, send_until=started + lease / 2)


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
    message: Message, token: uuid.UUID, *, error: str, permanent: bool, report: DispatchReport
) -> None:
    now = timezone.now()
    attempts = message.attempts + 1
    if permanent or attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        changes = {"status": Status.FAILED}
    else:
        changes = {"status": Status.QUEUED, "scheduled_at": now + retry_delay(attempts)}
    updated = Message.objects.filter(
        pk=message.pk, claim_token=token, status=Status.SENDING
    ).update(
        attempts=attempts,
        last_error=error,
        lease_expires_at=None,
        claim_token=None,
        updated_at=now,
        **changes,
    )
    if not updated:
        return
    if changes["status"] == Status.FAILED:
        report.failed += 1
        logger.warning("Message %s failed after %s attempts: %s", message.pk, attempts, error)
    else:
        report.retried += 1
        logger.info("Message %s will be retried (attempt %s): %s", message.pk, attempts, error)


def _release(messages: list[Message], token: uuid.UUID, report: DispatchReport) -> None:
    """Give back claimed messages that were not tried, due as before."""
    report.released += Message.objects.filter(
        pk__in=[message.pk for message in messages], claim_token=token, status=Status.SENDING
    ).update(
        status=Status.QUEUED, lease_expires_at=None, claim_token=None, updated_at=timezone.now()
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
    unreachable, or sending took so long that the rest of the batch was given back."""
    withdrawn: set[int] = set()
    next_check = time.monotonic() + CANCEL_CHECK_SECONDS
    for index, message in enumerate(claim.messages):
        now = time.monotonic()
        if now > claim.send_until:
            _release(claim.messages[index:], claim.token, report)
            logger.warning("Sending is slow: %s messages given back", len(claim.messages) - index)
            return False
        if now >= next_check:
            withdrawn = _withdrawn(claim.messages[index:], claim.token)
            next_check = now + CANCEL_CHECK_SECONDS
        if message.pk in withdrawn:
            report.skipped += 1
            continue
        try:
            email = email_build(message)
        except Exception as exc:
            logger.exception("Message %s cannot be built", message.pk)
            _record_failure(
                message, claim.token, error=_describe(exc), permanent=True, report=report
            )
            continue
        try:
            sent = mailer.send(email)
        except _ConnectFailed as exc:
            error = _describe(exc.__cause__ or exc)
            logger.warning("Email backend unreachable: %s", error)
            for unsent in claim.messages[index:]:
                _record_failure(unsent, claim.token, error=error, permanent=False, report=report)
            return False
        except Exception as exc:
            permanent, broken = _classify(exc)
            if broken:
                mailer.close()
            _record_failure(
                message, claim.token, error=_describe(exc), permanent=permanent, report=report
            )
            continue
        if not sent:
            _record_failure(
                message,
                claim.token,
                error="The email backend accepted no recipient.",
                permanent=True,
                report=report,
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
