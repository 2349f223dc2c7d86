"""The organizers' list of delegations, under /manage/<slug>/delegations/."""

from django.conf import settings
from django.shortcuts import render

from events.access import event_role_required
from events.teams.models import Role
from registrations.delegations.services import delegations_completeness


@event_role_required(Role.ACCREDITATION)
def delegation_index(request, event):
    return render(
        request,
        "registrations/manage/delegations.html",
        {
            "event": event,
            "rows": delegations_completeness(event=event),
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )
