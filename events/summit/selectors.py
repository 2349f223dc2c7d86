"""Reads of summits: the published ones, categories open to the public, the outbox scope."""

from django.db.models import QuerySet

from events.summit.models import Event, RegistrationCategory


def event_list_public() -> QuerySet[Event]:
    return Event.objects.published()


def categories_open_to_public(*, event: Event) -> QuerySet[RegistrationCategory]:
    return event.categories.filter(is_public=True).prefetch_related("zones")


def event_message_scope(event: Event) -> str:
    """The outbox scope of an event's messages, for filtering them per event."""
    return f"event:{event.pk}"
