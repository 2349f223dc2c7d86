"""Reads of the registrations app."""

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from events.models import Event
from registrations.models import Delegation, Registration


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
    if order == "precedence":
        return in_precedence_order(queryset, event=event)
    return queryset.order_by("-created_at", "-pk")


def in_precedence_order(
    queryset: QuerySet[Registration], *, event: Event
) -> QuerySet[Registration]:
    """Order of protocol precedence: by rank (unranked last); within a rank by the
    explicit order where the event uses one, then by delegation name in the event's
    language (people without a delegation last), then by name.

    With no ranks at all this is "by delegation, then name", the order in which
    delegations collect their badges.
    """
    if event.language == "ar":
        delegation = Coalesce(NullIf("delegation__name_ar", Value("")), "delegation__name_en")
    else:
        delegation = F("delegation__name_en")
    keys = [F("protocol_rank__position").asc(nulls_last=True)]
    if event.precedence_within_rank == "explicit":
        keys.append(F("protocol_order").asc(nulls_last=True))
    keys.append(delegation.asc(nulls_last=True))
    return queryset.order_by(*keys, "last_name", "first_name", "pk")


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


def delegation_by_token(*, token: str) -> Delegation | None:
    """The delegation whose secret page this is; None for anything else (as for registrants)."""
    if len(token) < 40:
        return None
    return Delegation.objects.select_related("event", "head").filter(secret_token=token).first()
