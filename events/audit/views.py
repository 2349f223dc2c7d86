"""The event's audit log for its administrators: read-only, filterable, paginated."""

from django.core.paginator import Paginator
from django.shortcuts import render

from events.access import event_role_required
from events.teams.models import Role


@event_role_required(Role.ADMIN)
def audit_log(request, event):
    entries = event.audit_entries.select_related("actor_user")
    action = request.GET.get("action", "").strip()
    search = request.GET.get("search", "").strip()
    if action:
        entries = entries.filter(action=action)
    if search:
        entries = entries.filter(object_id__icontains=search) | entries.filter(
            actor_label__icontains=search
        )
    actions = event.audit_entries.order_by("action").values_list("action", flat=True).distinct()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "event": event,
        "page": Paginator(entries.order_by("-created_at", "-pk"), 100).get_page(
            request.GET.get("page")
        ),
        "actions": actions,
        "chosen": {"action": action, "search": search},
        "query": query.urlencode(),
    }
    return render(request, "manage/audit_log.html", context)
