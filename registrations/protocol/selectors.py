"""Reads in the order of protocol precedence."""

from django.db.models import F, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from events.summit.models import Event
from registrations.registration.models import Registration


def in_precedence_order(
    queryset: QuerySet[Registration], *, event: Event
) -> QuerySet[Registration]:
    """Order of protocol precedence: by rank (unranked last); within a rank by the
    explicit order where the event uses one, then by delegation name in the event's
    language (people without a delegation last), then by name.

    With no ranks at all this is "by delegation, then name", the order in which
    delegations collect their badges.
    """
    delegation = Coalesce(
        KeyTextTransform(event.main_language, "delegation__name"),
        KeyTextTransform("en", "delegation__name"),
    )
    keys = [F("protocol_rank__position").asc(nulls_last=True)]
    if event.precedence_within_rank == "explicit":
        keys.append(F("protocol_order").asc(nulls_last=True))
    keys.append(delegation.asc(nulls_last=True))
    return queryset.order_by(*keys, "last_name", "first_name", "pk")
