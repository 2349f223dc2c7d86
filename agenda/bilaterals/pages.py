"""The bilateral meetings section of the delegation's page (/d/<token>/)."""

from django.urls import reverse

from agenda.bilaterals.selectors import bilaterals_of_delegation


def delegation_bilaterals_section(delegation, request) -> dict:
    """The bilateral meetings box of the delegation's page (/d/<token>/): counts and the link."""
    meetings = list(bilaterals_of_delegation(delegation=delegation))
    return {
        "url": reverse("agenda:delegation-bilaterals", kwargs={"token": delegation.secret_token}),
        "awaiting": sum(1 for meeting in meetings if meeting.awaiting_id() == delegation.pk),
        "confirmed": sum(1 for meeting in meetings if meeting.is_confirmed),
    }
