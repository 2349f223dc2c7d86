"""The organizers' list of delegations, under /manage/<slug>/delegations/."""

from django.shortcuts import render

from events.absolute_urls import absolute_url
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
            # Each row with the head's private page, as an address to copy into a message.
            "rows": [
                (row, absolute_url(row.delegation.get_absolute_url()))
                for row in delegations_completeness(event=event)
            ],
        },
    )
