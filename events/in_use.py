"""What still uses a row an organizer wants to delete, and the refusal (409) that says so.

A category, zone, rank, room or track is referred to by rows of apps this one may not
import (registrations, check-in scans, sessions). The ORM knows every such link, so the
count walks the model's reverse relations instead of naming them: a new app's link is
counted the day it lands. Every link counts, whatever its `on_delete`: PROTECT would
refuse anyway, CASCADE would silently delete registrations' history, SET_NULL would
leave rooms without their zone or scans without their door. A caller leaves out links
that are only a copy kept for history (`ignore`, by model label).

The check runs inside the caller's transaction, before the delete; a PROTECT or
RESTRICT the ORM raises later (a row added meanwhile) is answered the same way.
"""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from django.db import models
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from events.errors import ConflictError


@dataclass(frozen=True)
class Use:
    """`count` rows of `what` (the model's plural name, translated) refer to the row."""

    what: str
    count: int


class InUseError(ConflictError):
    """409: the row is still in use; the body lists what uses it."""

    def __init__(self, message, *, uses: list[Use]) -> None:
        super().__init__(message, code="in_use")
        self.uses = uses

    def api_body(self) -> dict:
        return {
            **super().api_body(),
            "uses": [{"what": use.what, "count": use.count} for use in self.uses],
        }


def uses_of(instance: models.Model, *, ignore: Collection[str] = ()) -> list[Use]:
    """Every kind of row that refers to `instance`, with how many (none: an empty list).

    `ignore` names models (`app_label.ModelName`) whose links do not count.
    """
    uses = []
    for relation in instance._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        related = relation.related_model
        # A many-to-many's own table: counted once, as the model that declares the field.
        if related._meta.auto_created or related._meta.label in ignore:
            continue
        count = related._base_manager.filter(**{relation.field.name: instance}).count()
        if count:
            uses.append(Use(str(related._meta.verbose_name_plural), count))
    return uses


def in_use_error(instance: models.Model, uses: list[Use]) -> InUseError:
    listed = ", ".join(f"{use.what} ({use.count})" for use in uses)
    return InUseError(
        _("“%(name)s” cannot be deleted: it is still used by %(uses)s.")
        % {"name": instance_name(instance), "uses": listed},
        uses=uses,
    )


def instance_name(instance: models.Model) -> str:
    """The row as an organizer knows it: its name (translated text) or its slug."""
    name = getattr(instance, "name", None)
    return str(name) if name is not None and str(name) else str(getattr(instance, "slug", ""))


def delete_unless_in_use(instance: models.Model, *, ignore: Collection[str] = ()) -> None:
    """Delete `instance`, or raise `InUseError` naming what still uses it."""
    uses = uses_of(instance, ignore=ignore)
    if uses:
        raise in_use_error(instance, uses)
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or error.restricted_objects
        counts = Counter(str(row._meta.verbose_name_plural) for row in blocking)
        raise in_use_error(instance, [Use(what, n) for what, n in counts.items()]) from error
