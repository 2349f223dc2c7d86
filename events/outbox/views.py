"""Organizer pages for an event's outgoing messages (the notifications outbox).

Lives in events because the outbox knows nothing of events: these views pick the
event's scope and read the outbox through its selectors and services.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.access import event_role_required
from events.summit.models import Event
from events.summit.selectors import event_message_scope
from events.teams.models import Role
from notifications.models import Status
from notifications.selectors import (
    message_attachments,
    message_counts,
    message_get,
    message_oldest_due_age,
    messages_delayed_by_reason,
    messages_in_scope,
)
from notifications.services import NotificationError, message_resend

PAGE_SIZE = 50


@event_role_required(Role.ACCREDITATION)
def messages_list(request, event: Event):
    scope = event_message_scope(event)
    counts = message_counts(scope=scope)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    kind = request.GET.get("kind", "")
    if kind not in counts["by_kind"]:
        kind = ""
    search = request.GET.get("q", "").strip()[:200]
    page = Paginator(
        messages_in_scope(scope=scope, status=status, kind=kind, search=search), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    oldest_due = message_oldest_due_age(scope=scope)
    context = {
        "event": event,
        "counts": counts,
        "delayed": messages_delayed_by_reason(scope=scope),
        # A message due for less than a minute is just waiting for the next dispatch.
        "oldest_due_minutes": (
            int(oldest_due.total_seconds() // 60)
            if oldest_due and oldest_due.total_seconds() >= 60
            else None
        ),
        "statuses": [(value, label, counts["by_status"][value]) for value, label in Status.choices],
        "kinds": [
            (name, [row.get(value, 0) for value in Status.values], row["total"])
            for name, row in counts["by_kind"].items()
        ],
        "status_labels": Status.labels,
        "filter_status": status,
        "filter_kind": kind,
        "filter_q": search,
        "filter_query": filters.urlencode(),
        "page": page,
    }
    return render(request, "manage/messages_list.html", context)


@event_role_required(Role.ACCREDITATION)
def message_detail(request, event: Event, message_id: int):
    message = message_get(scope=event_message_scope(event), message_id=message_id)
    if message is None:
        raise Http404
    context = {
        "event": event,
        "message": message,
        "attachments": message_attachments(message=message),
    }
    return render(request, "manage/message_detail.html", context)


@event_role_required(Role.ACCREDITATION)
@require_POST
def message_resend_view(request, event: Event, message_id: int):
    scope = event_message_scope(event)
    if message_get(scope=scope, message_id=message_id) is None:
        raise Http404
    try:
        message_resend(message_id=message_id, scope=scope)
    except NotificationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The message is queued again and will be sent within a few seconds.")
        )
    return redirect("manage:message-detail", slug=event.slug, message_id=message_id)
