"""Reads of registrations: the officers' filtered list, one registration by reference or secret."""

from django.db.models import Q, QuerySet
from django.http import Http404

from events.summit.models import Event
from registrations.protocol.selectors import in_precedence_order
from registrations.registration.models import Registration


def registration_list(
    *,
    event: Event,
    email: str = "",
    status: str = "",
    category: str = "",
    country: str = "",
    delegation: str = "",
    search: str = "",
    rank: str = "",
    order: str = "",
) -> QuerySet[Registration]:
    """An officer's filtered view of one event's registrations: newest first, or
    `order="precedence"` in the order of protocol precedence."""
    queryset = Registration.objects.filter(event=event).select_related(
        "category", "delegation", "protocol_rank"
    )
    if email:
        queryset = queryset.filter(email__iexact=email.strip())
    if rank:
        queryset = queryset.filter(protocol_rank__slug=rank)
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
            else (queryset.filter(delegation__name__en__iexact=delegation))
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
    if order == "precedence":
        return in_precedence_order(queryset, event=event)
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


def registration_for_private_link(*, token: str) -> Registration:
    """The registration a private link opens (the registrant's page and its forms), or 404."""
    registration = registration_by_token(token=token)
    if registration is None:
        raise Http404
    return registration


def registration_by_feed_secret(*, secret: str) -> Registration | None:
    """The registration whose personal calendar feed this is. The feed secret opens
    the feed only: `registration_by_token` never matches it, nor this the page token."""
    if len(secret) < 40:
        return None
    return (
        Registration.objects.select_related("event", "category", "delegation")
        .filter(feed_secret=secret)
        .first()
    )
