"""Reads of delegations."""

from django.db.models import QuerySet

from events.summit.models import Event
from registrations.delegations.models import Delegation


def delegation_by_token(*, token: str) -> Delegation | None:
    """The delegation whose secret page this is; None for anything else (as for registrants)."""
    if len(token) < 40:
        return None
    return Delegation.objects.select_related("event", "head").filter(secret_token=token).first()


def event_delegations(*, event: Event) -> QuerySet[Delegation]:
    """The event's delegations with their head and quotas, by name."""
    return (
        Delegation.objects.filter(event=event)
        .select_related("event", "head")
        .prefetch_related("quotas__category")
    )
