"""Copying a summit's setup into a new summit: each app copies its own rows.

Events may not import the apps built on it (registrations holds the questions, agenda
the rooms and tracks), so each app registers a copier from its `AppConfig.ready()`, as
it registers its pages (`events.page_links`). `event_create` runs every copier, in
`order`, inside its one transaction: a copier that fails undoes the whole new summit.

A copier hands its rows to `EventCopy.copy_rows`, which copies every concrete field
generically, so a field added to a model later is copied without touching this code:

- a link to the source summit points at the new one;
- a link to a row already copied points at its copy (zones before the categories that
  grant them, categories before the questions asked of them); a link to a summit's row
  of a kind not copied yet is a copier out of order, and raises;
- a field that must be unique across summits takes its default afresh (a UUID);
- creation and change times are the copy's own.

People are never copied: no copier exists for registrations, team members, tokens,
scans or messages.
"""

from collections.abc import Callable, Iterable
from copy import deepcopy
from dataclasses import dataclass, field

from django.db import models

from events.summit.models import AccessZone, Event, ProtocolRank, RegistrationCategory


@dataclass
class EventCopy:
    source: Event
    target: Event
    # model -> source pk -> its copy
    copies: dict[type[models.Model], dict[int, models.Model]] = field(default_factory=dict)

    def copy_rows(self, rows: Iterable[models.Model]) -> dict[int, models.Model]:
        """Copy `rows` (all of one model) into the new summit; source pk -> copy."""
        made: dict[int, models.Model] = {}
        many_to_many = []
        for row in rows:
            model = type(row)
            duplicate = model(**dict(self._fields(row)))
            duplicate.save(force_insert=True)
            made[row.pk] = duplicate
            many_to_many.append((row, duplicate))
            self.copies.setdefault(model, {})[row.pk] = duplicate
        for row, duplicate in many_to_many:
            for relation in type(row)._meta.many_to_many:
                # `.all()`: a copier's prefetch_related serves it.
                linked = [other.pk for other in getattr(row, relation.name).all()]
                getattr(duplicate, relation.name).set([self._linked(relation, pk) for pk in linked])
        return made

    @property
    def counts(self) -> dict[str, int]:
        """How many rows of each kind were copied, by model label."""
        return {model._meta.label_lower: len(rows) for model, rows in self.copies.items()}

    def _fields(self, row: models.Model):
        for model_field in type(row)._meta.concrete_fields:
            if model_field.primary_key or getattr(model_field, "auto_now", False):
                continue
            if getattr(model_field, "auto_now_add", False):
                continue
            if model_field.unique and model_field.has_default():
                yield model_field.attname, model_field.get_default()
            elif model_field.is_relation:
                pk = getattr(row, model_field.attname)
                yield model_field.attname, None if pk is None else self._linked(model_field, pk)
            else:
                yield model_field.attname, deepcopy(model_field.value_from_object(row))

    def _linked(self, relation: models.Field, pk):
        """The new summit's counterpart of the row `pk` that `relation` links to."""
        related = relation.related_model
        if related is Event:
            return self.target.pk
        if related in self.copies:
            return self.copies[related][pk].pk
        if _owned_by_an_event(related):
            raise LookupError(
                f"{relation.model._meta.label}.{relation.name} links to "
                f"{related._meta.label}, which is not copied yet: register its copier first."
            )
        return pk


def _owned_by_an_event(model: type[models.Model]) -> bool:
    return any(
        model_field.is_relation and model_field.related_model is Event
        for model_field in model._meta.concrete_fields
    )


@dataclass(frozen=True)
class Copier:
    name: str
    copy: Callable[[EventCopy], None]
    order: int


_copiers: dict[str, Copier] = {}


def event_copier(*, name: str, copy: Callable[[EventCopy], None], order: int) -> None:
    """Register `copy(event_copy)`: it copies the app's rows of `event_copy.source`
    (with `event_copy.copy_rows`). Lower `order` runs first."""
    _copiers[name] = Copier(name, copy, order)


def event_copy_run(*, source: Event, target: Event) -> EventCopy:
    """Run every copier; call inside the transaction that creates `target`."""
    event_copy = EventCopy(source=source, target=target)
    for copier in sorted(_copiers.values(), key=lambda item: item.order):
        copier.copy(event_copy)
    return event_copy


# --- The events app's own rows --------------------------------------------------------------


def copy_zones_categories_ranks(event_copy: EventCopy) -> None:
    source = event_copy.source
    event_copy.copy_rows(AccessZone.objects.filter(event=source).order_by("pk"))
    event_copy.copy_rows(
        RegistrationCategory.objects.filter(event=source).order_by("pk").prefetch_related("zones")
    )
    event_copy.copy_rows(ProtocolRank.objects.filter(event=source).order_by("pk"))
