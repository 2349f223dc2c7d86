"""Reads of the registrations app."""

from django.db.models import Q, QuerySet

from events.models import Event
from registrations.models import Registration


def registration_list(
    *,
    event: Event,
    status: str = "",
    category: str = "",
    country: str = "",
    delegation: str = "",
    search: str = "",
) -> QuerySet[Registration]:
    """An officer's filtered view of one event's registrations, newest first."""
    queryset = Registration.objects.filter(event=event).select_related("category", "delegation")
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category__slug=category)
    if country:
        queryset = queryset.filter(country=country.upper())
    if delegation:
        queryset = (
            queryset.filter(delegation_id=delegation)
            if delegation.isdigit()
            else (queryset.filter(delegation__name_en__iexact=delegation))
        )
    if search:
        for word in search.split()[:5]:
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(name_ar__icontains=word)
                | Q(email__icontains=word)
                | Q(organization__icontains=word)
                | Q(reference__iexact=word)
            )
    return queryset.order_by("-created_at", "-pk")


def registration_by_reference(*, event: Event, reference: str) -> Registration | None:
    return (
        Registration.objects.select_related("category", "delegation", "event")
        .filter(event=event, reference=reference.upper())
        .first()
    )


def registration_by_token(*, token: str) -> Registration | None:
    """The registration whose secret page this is; None for anything else."""
    if len(token) < 40:
        return None
    return (
        Registration.objects.select_related("event", "category", "delegation")
        .filter(secret_token=token)
        .first()
    )
