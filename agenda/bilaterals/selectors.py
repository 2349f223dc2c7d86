"""Reads of bilateral meetings: a delegation's, the event's, a registrant's."""

from django.db.models import Q

from agenda.bilaterals.models import BilateralMeeting, BilateralStatus
from registrations.registration.models import Registration
from registrations.registration.models import Status as RegistrationStatus


def _bilaterals():
    return BilateralMeeting.objects.select_related(
        "event", "requester", "counterpart", "requester__head", "counterpart__head", "room"
    ).prefetch_related("slots")


def bilaterals_of_delegation(*, delegation):
    """Every meeting the delegation asked for or was asked for, soonest first."""
    return (
        _bilaterals()
        .filter(Q(requester=delegation) | Q(counterpart=delegation))
        .order_by("-updated_at", "-pk")
    )


def bilateral_of_delegation(*, delegation, meeting_id):
    """One of the delegation's meetings; None when it is not theirs (or does not exist)."""
    try:
        meeting_id = int(meeting_id)
    except (TypeError, ValueError):
        return None
    return bilaterals_of_delegation(delegation=delegation).filter(pk=meeting_id).first()


def bilaterals_of_event(*, event, status: str = ""):
    queryset = _bilaterals().filter(event=event)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("starts_at", "pk")


def bilateral_of_event(*, event, meeting_id):
    try:
        meeting_id = int(meeting_id)
    except (TypeError, ValueError):
        return None
    return _bilaterals().filter(event=event, pk=meeting_id).first()


def personal_bilaterals(*, registration: Registration) -> list:
    """The bilateral meetings in a registrant's calendar feed.

    Approved members of either delegation (the head included) see the meetings
    once confirmed, and keep them as STATUS:CANCELLED after a cancellation so
    that calendars drop them. Requests that were never confirmed stay out.
    """
    delegation_id = registration.delegation_id
    if delegation_id is None or registration.status != RegistrationStatus.APPROVED:
        return []
    return list(
        _bilaterals()
        .filter(Q(requester_id=delegation_id) | Q(counterpart_id=delegation_id))
        .filter(
            Q(status=BilateralStatus.CONFIRMED)
            | Q(status=BilateralStatus.CANCELLED, starts_at__isnull=False)
        )
        .order_by("starts_at", "pk")
    )
