"""The shape of being let through a door: a badge into a zone, a vehicle pass through a gate.

Check-in (registrations/checkin/models.py, `ZonePresence`) and vehicle gates
(registrations/vehicles/models.py, `VehicleGateEntry`) keep the same record: when
and by which device the thing was first let in, whether it is inside now, how many
times it came in. One row per admitted thing and zone, made unique by each
subclass's constraint, is what admits it once: of any number of simultaneous
scans, exactly one insert succeeds (the admit path: registrations/checkin/admission.py).

Each subclass declares the admitted thing's foreign key, named by `admitted_field`,
and the zone, each with its own reverse name, and its unique constraint under the
name it has in the migrations; the columns and the index come from here.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.summit.models import Event


class Presence(models.Model):
    """Something admitted through a zone: its first entry, and whether it is inside now."""

    # The foreign key to what is admitted ("registration", "vehicle_pass").
    admitted_field: ClassVar[str]

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    first_checked_in_at = models.DateTimeField(_("first checked in at"))
    first_device = models.CharField(_("first checked in by"), max_length=150)
    is_inside = models.BooleanField(_("inside now"), default=True)
    entries = models.PositiveIntegerField(_("entries"), default=1)
    last_moved_at = models.DateTimeField(_("last entry or exit"))

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["event", "zone", "is_inside"])]
