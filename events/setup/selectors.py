"""Reads of an event's setup: its categories, zones and ranks, in their order."""

from django.db.models import QuerySet

from events.summit.models import AccessZone, Event, ProtocolRank, RegistrationCategory


def event_categories(*, event: Event) -> QuerySet[RegistrationCategory]:
    return RegistrationCategory.objects.filter(event=event).prefetch_related("zones")


def event_zones(*, event: Event) -> QuerySet[AccessZone]:
    return AccessZone.objects.filter(event=event)


def event_ranks(*, event: Event) -> QuerySet[ProtocolRank]:
    return ProtocolRank.objects.filter(event=event)
