"""Writing an event's setup: registration categories, access zones and protocol ranks.

Each step locks the event's row first, so two organizers saving at once cannot both
take a slug or both make their zone the main entrance (the database's unique
constraints would otherwise answer with an error page instead of a message). A slug
taken, a second main entrance or a zone of another event is refused naming the field
(400); deleting a row still in use is refused naming what uses it (409,
`events.in_use`). Every step is in the audit log.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.errors import DomainError
from events.in_use import delete_unless_in_use
from events.summit.models import (
    AccessZone,
    Event,
    ProtocolRank,
    RegistrationCategory,
    ZoneKind,
)
from events.translated.text import TranslatedText

# What an organizer sets on each (the API's writable fields; zones granted apart).
CATEGORY_FIELDS = (
    "slug",
    "name",
    "badge_colour",
    "capacity",
    "requires_approval",
    "requires_vetting",
    "invitation_only",
    "is_public",
    "allows_waitlist",
    "position",
)
ZONE_FIELDS = ("slug", "name", "colour", "kind", "is_main_entrance", "position")
RANK_FIELDS = ("slug", "name", "position")


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def setup_apply(instance: models.Model, data: dict, fields: tuple[str, ...]) -> list[str]:
    """Set `data` on `instance`; the names of the fields whose value changed (also for
    the setup of other apps' rows: delegations)."""
    changed = []
    for name, value in data.items():
        if name not in fields:
            raise ValueError(f"{name!r} cannot be set on a {type(instance).__name__}")
        current = getattr(instance, name)
        if isinstance(current, TranslatedText):
            current = current.as_dict()
        if current != value:
            changed.append(name)
        setattr(instance, name, value)
    return changed


def _check(instance: models.Model) -> None:
    """The slug free in the event, then the model's own rules; the first fault named."""
    taken = type(instance).objects.filter(event_id=instance.event_id, slug=instance.slug)
    if taken.exclude(pk=instance.pk).exists():
        raise DomainError(
            _("This summit already has one with the slug “%(slug)s”.") % {"slug": instance.slug},
            field="slug",
            code="slug_taken",
        )
    setup_full_clean(instance, exclude=["event"])


def setup_full_clean(instance: models.Model, *, exclude: list[str]) -> None:
    """The model's own rules (constraints are the caller's, with their messages); the
    first fault refused naming its field."""
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from error


def _save(
    instance: models.Model,
    *,
    actor: Actor,
    data: dict,
    fields: tuple[str, ...],
    noun: str,
    check: Callable[[models.Model], None] | None = None,
    also_changed: tuple[str, ...] = (),
) -> None:
    """Apply, check (`check` first, when given) and save `instance`, audited; its event
    is locked by the caller."""
    created = instance.pk is None
    changed = [*setup_apply(instance, data, fields), *also_changed]
    if check is not None:
        check(instance)
    _check(instance)
    instance.save()
    audit_record(
        event=instance.event,
        actor=actor,
        action=f"{noun}.{'created' if created else 'updated'}",
        obj=instance,
        data={"slug": instance.slug} if created else {"fields": sorted(changed)},
    )


def _delete(model: type[models.Model], *, event: Event, pk: int, actor: Actor, noun: str) -> None:
    """Delete the event's row `pk` of `model` unless something uses it, audited."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        instance = model.objects.get(pk=pk, event=event)
        audit_record(
            event=event,
            actor=actor,
            action=f"{noun}.deleted",
            obj=instance,
            data={"slug": instance.slug, "name": str(instance.name)},
        )
        delete_unless_in_use(instance)


# --- Registration categories ------------------------------------------------------------


def _zones_of_event(event: Event, zones) -> list[AccessZone]:
    zones = list(zones)
    if any(zone.event_id != event.pk for zone in zones):
        raise DomainError(_("This zone belongs to another summit."), field="zones")
    return zones


def category_create(*, event: Event, actor: Actor, data: dict) -> RegistrationCategory:
    """Add a category; `data` holds `CATEGORY_FIELDS` and `zones` (the zones granted)."""
    data = dict(data)
    with transaction.atomic():
        event = _lock_event(event.pk)
        zones = _zones_of_event(event, data.pop("zones", []))
        category = RegistrationCategory(event=event)
        _save(category, actor=actor, data=data, fields=CATEGORY_FIELDS, noun="category")
        category.zones.set(zones)
    return category


def category_update(
    *, event: Event, category_id: int, actor: Actor, changes: dict
) -> RegistrationCategory:
    """Change a category; `zones`, when given, replaces the zones granted."""
    changes = dict(changes)
    with transaction.atomic():
        event = _lock_event(event.pk)
        category = RegistrationCategory.objects.get(pk=category_id, event=event)
        zones = changes.pop("zones", None)
        if zones is not None:
            category.zones.set(_zones_of_event(event, zones))
        _save(
            category,
            actor=actor,
            data=changes,
            fields=CATEGORY_FIELDS,
            noun="category",
            also_changed=("zones",) if zones is not None else (),
        )
    return category


def category_delete(*, event: Event, category_id: int, actor: Actor) -> None:
    """Delete a category nobody registered in, was invited to or is asked about (the zones
    it grants are its own settings, not a use of it: they go with it)."""
    _delete(RegistrationCategory, event=event, pk=category_id, actor=actor, noun="category")


# --- Access zones -------------------------------------------------------------------------


def _check_main_entrance(zone: AccessZone) -> None:
    """One main entrance per event, and a door for people: scans naming no zone are badges."""
    if not zone.is_main_entrance:
        return
    if zone.kind == ZoneKind.VEHICLE:
        raise DomainError(
            _("A vehicle gate cannot be the main entrance: scans that name no zone are badges."),
            field="is_main_entrance",
        )
    other = (
        AccessZone.objects.filter(event_id=zone.event_id, is_main_entrance=True)
        .exclude(pk=zone.pk)
        .first()
    )
    if other is not None:
        raise DomainError(
            _(
                "“%(zone)s” is already the main entrance; a summit has one. "
                "Make it an ordinary zone first."
            )
            % {"zone": other.name},
            field="is_main_entrance",
            code="second_main_entrance",
        )


def zone_create(*, event: Event, actor: Actor, data: dict) -> AccessZone:
    with transaction.atomic():
        zone = AccessZone(event=_lock_event(event.pk))
        _save(
            zone,
            actor=actor,
            data=data,
            fields=ZONE_FIELDS,
            noun="zone",
            check=_check_main_entrance,
        )
    return zone


def zone_update(*, event: Event, zone_id: int, actor: Actor, changes: dict) -> AccessZone:
    with transaction.atomic():
        event = _lock_event(event.pk)
        zone = AccessZone.objects.get(pk=zone_id, event=event)
        _save(
            zone,
            actor=actor,
            data=changes,
            fields=ZONE_FIELDS,
            noun="zone",
            check=_check_main_entrance,
        )
    return zone


def zone_delete(*, event: Event, zone_id: int, actor: Actor) -> None:
    """Delete a zone no category grants, no room stands in and no scan was made at."""
    _delete(AccessZone, event=event, pk=zone_id, actor=actor, noun="zone")


# --- Protocol ranks -----------------------------------------------------------------------


def rank_create(*, event: Event, actor: Actor, data: dict) -> ProtocolRank:
    with transaction.atomic():
        rank = ProtocolRank(event=_lock_event(event.pk))
        _save(rank, actor=actor, data=data, fields=RANK_FIELDS, noun="rank")
    return rank


def rank_update(*, event: Event, rank_id: int, actor: Actor, changes: dict) -> ProtocolRank:
    with transaction.atomic():
        event = _lock_event(event.pk)
        rank = ProtocolRank.objects.get(pk=rank_id, event=event)
        _save(rank, actor=actor, data=changes, fields=RANK_FIELDS, noun="rank")
    return rank


def rank_delete(*, event: Event, rank_id: int, actor: Actor) -> None:
    """Delete a rank no registration holds."""
    _delete(ProtocolRank, event=event, pk=rank_id, actor=actor, noun="rank")


def rank_move(*, event: Event, rank_id: int, actor: Actor, direction: str) -> ProtocolRank:
    """Move a rank one step `up` (earlier in the order of precedence) or `down`; the ranks
    are numbered afresh 1, 2, 3… in their new order, so that equal positions never hide a
    step. At the top (or bottom) already: nothing changes."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction is 'up' or 'down', not {direction!r}")
    with transaction.atomic():
        event = _lock_event(event.pk)
        ranks = list(ProtocolRank.objects.filter(event=event))
        index = next(i for i, rank in enumerate(ranks) if rank.pk == rank_id)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(ranks):
            return ranks[index]
        ranks[index], ranks[other] = ranks[other], ranks[index]
        for position, rank in enumerate(ranks, start=1):
            if rank.position != position:
                rank.position = position
                rank.save(update_fields=["position", "updated_at"])
        moved = ranks[other]
        audit_record(
            event=event,
            actor=actor,
            action="rank.moved",
            obj=moved,
            data={"slug": moved.slug, "direction": direction, "position": moved.position},
        )
    return moved
