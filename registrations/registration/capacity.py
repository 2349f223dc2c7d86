"""Places: who holds one, whether one is free, and who gets it when one frees up.

Every function here runs inside a transaction that holds the event row lock
(`lock_event`), so two workflow steps never hand out the same place.
"""

from django.db.models import Count

from events.summit.models import Event, RegistrationCategory
from registrations.registration.models import HOLDS_A_PLACE, Registration


def lock_event(event_id: int) -> Event:
    """Serialize every capacity decision of one event (row lock on PostgreSQL)."""
    return Event.objects.select_for_update().get(pk=event_id)


def places_held(*, event: Event) -> dict[int | None, int]:
    """Places held per category id, and in all under the key None (one query)."""
    rows = (
        Registration.objects.filter(event=event, status__in=HOLDS_A_PLACE)
        .values("category_id")
        .annotate(held=Count("pk"))
    )
    held = {row["category_id"]: row["held"] for row in rows}
    held[None] = sum(held.values())
    return held


def has_room(*, event: Event, category: RegistrationCategory, held: dict | None = None) -> bool:
    held = held if held is not None else places_held(event=event)
    if event.capacity is not None and held[None] >= event.capacity:
        return False
    return category.capacity is None or held.get(category.pk, 0) < category.capacity


def waitlist_queue(*, event: Event):
    """Waitlisted registrations, first come first served."""
    return (
        Registration.objects.filter(event=event, status="waitlisted")
        .select_related("category")
        .order_by("created_at", "pk")
    )
