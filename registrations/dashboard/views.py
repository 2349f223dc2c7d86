"""The event's dashboard page, `/manage/<slug>/`: what stands and what waits."""

from django.shortcuts import render

from events.access import event_role_required
from events.page_links import links_for
from events.teams.models import Role
from registrations.dashboard.stats import event_stats


@event_role_required(*Role.values)
def dashboard(request, event):
    stats = event_stats(event=event, roles=request.event_roles)
    busiest_day = max((day["registrations"] for day in stats["per_day"]), default=0)
    busiest_quarter = max((bucket["scans"] for bucket in stats["scans_today"]), default=0)
    context = {
        "event": event,
        "stats": stats,
        "per_day": [
            {**day, "height": _percent(day["registrations"], busiest_day)}
            for day in stats["per_day"]
        ],
        "scans_today": [
            {**bucket, "height": _percent(bucket["scans"], busiest_quarter)}
            for bucket in stats["scans_today"]
        ],
        "links": links_for(event=event, roles=request.event_roles),
    }
    return render(request, "registrations/dashboard.html", context)


def _percent(value: int, largest: int) -> int:
    return round(100 * value / largest) if largest else 0
