"""Reads of the outbox, within one caller's scope (such as "event:12").

The one outbox-wide read is the age of the oldest due message, for `/healthz`.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q, QuerySet, Value
from django.db.models.functions import Left, Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import ErrorReason, Message, MessageAttachment, Status


def messages_in_scope(
    *, scope: str, status: str = "", kind: str = "", search: str = ""
) -> QuerySet[Message]:
    """The scope's messages, newest first, without their bodies; filters are optional."""
    messages = Message.objects.filter(scope=scope).defer("body_text", "body_html")
    if status:
        messages = messages.filter(status=status)
    if kind:
        messages = messages.filter(kind=kind)
    if search := search.strip():
        messages = messages.filter(
            Q(recipient__icontains=search) | Q(recipient_name__icontains=search)
        )
    return messages.order_by("-created_at", "-pk")


def message_counts(*, scope: str) -> dict:
    """Counts by status, and by kind and status: `{"by_status": {...}, "by_kind": {...}, "total"}`.

    Every status appears in `by_status` (zero included); `by_kind` maps each kind
    to a dict of its non-zero statuses plus its `total`.
    """
    rows = (
        Message.objects.filter(scope=scope)
        .values("kind", "status")
        .annotate(count=Count("pk"))
        .order_by("kind", "status")
    )
    by_status = dict.fromkeys(Status.values, 0)
    by_kind: dict[str, dict[str, int]] = {}
    for row in rows:
        by_status[row["status"]] += row["count"]
        kind = by_kind.setdefault(row["kind"], {"total": 0})
        kind[row["status"]] = row["count"]
        kind["total"] += row["count"]
    return {"by_status": by_status, "by_kind": by_kind, "total": sum(by_status.values())}


def message_get(*, scope: str, message_id: int) -> Message | None:
    return Message.objects.filter(scope=scope, pk=message_id).first()


def message_attachments(*, message: Message) -> QuerySet[MessageAttachment]:
    """The message's attachments with their `size` in bytes, without loading the files."""
    return (
        message.attachments.defer("content")
        .annotate(size_bytes=Length("content"))
        .order_by("position", "pk")
    )


def dedupe_keys_with_prefix(*, prefix: str) -> set[str]:
    """The keys already used under a prefix, so a planner skips them in one query."""
    return set(
        Message.objects.filter(dedupe_key__startswith=prefix)
        # LIKE ignores case on SQLite; this keeps the match exact there too.
        .filter(Exact(Left("dedupe_key", len(prefix)), Value(prefix)))
        .values_list("dedupe_key", flat=True)
    )


@dataclass(frozen=True)
class DelayedMessages:
    """Messages still queued after failed attempts, for one reason."""

    reason: str
    label: str
    count: int
    # The first attempt of the longest delayed of them.
    since: datetime | None


def messages_delayed_by_reason(*, scope: str) -> list[DelayedMessages]:
    """The scope's delayed messages (queued, tried at least once), counted by why, most first."""
    rows = (
        Message.objects.filter(scope=scope, status=Status.QUEUED, attempts__gt=0)
        .values("error_reason")
        .annotate(count=Count("pk"), since=Min("first_attempt_at"))
        .order_by("-count", "error_reason")
    )
    labels = dict(ErrorReason.choices)
    return [
        DelayedMessages(
            reason=row["error_reason"],
            # Rows retried before reasons were recorded have none.
            label=labels.get(row["error_reason"], _("No reason recorded.")),
            count=row["count"],
            since=row["since"],
        )
        for row in rows
    ]


def message_oldest_due_age(*, scope: str | None = None) -> timedelta | None:
    """How long the longest-waiting due message has been due (None: nothing is due).

    Outbox-wide without `scope` (the health check): a growing age means no
    dispatcher is sending. Served by the partial index of queued messages.
    """
    now = timezone.now()
    due = Message.objects.filter(status=Status.QUEUED, scheduled_at__lte=now)
    if scope is not None:
        due = due.filter(scope=scope)
    oldest = due.order_by("scheduled_at").values_list("scheduled_at", flat=True).first()
    return None if oldest is None else now - oldest


def messages_failed_to(*, scope: str, recipient: str) -> QuerySet[Message]:
    """The scope's failed messages to `recipient` (any letter case), oldest first."""
    return Message.objects.filter(
        scope=scope, recipient__iexact=recipient.strip(), status=Status.FAILED
    ).order_by("created_at", "pk")
