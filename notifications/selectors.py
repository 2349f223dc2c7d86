"""Reads of the outbox, always within one caller's scope (such as "event:12")."""

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Left, Length
from django.db.models.lookups import Exact

from notifications.models import Message, MessageAttachment, Status


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
