"""Vehicle passes: a delegation's cars, approved by accreditation, scanned at vehicle gates."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.summit.models import AccessZone, Event, TimeStamped
from registrations.delegations.models import Delegation
from registrations.presence import Presence
from registrations.registration.models import Registration

PLATE_MAX_LENGTH = 20
# Letters and digits only, once spaces and dashes are gone: plates are compared in this form.
PLATE_NORMALISED_MAX_LENGTH = 12


class VehiclePassStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", pgettext_lazy("vehicle pass", "Approved")
    REJECTED = "rejected", pgettext_lazy("vehicle pass", "Rejected")
    REVOKED = "revoked", pgettext_lazy("vehicle pass", "Revoked")
    CANCELLED = "cancelled", pgettext_lazy("vehicle pass", "Cancelled")


# Passes that no longer claim their plate: the plate may be registered again.
RELEASES_PLATE = (VehiclePassStatus.REJECTED, VehiclePassStatus.CANCELLED)


class VehiclePass(TimeStamped):
    """A delegation's vehicle and its pass. The pass's QR code is signed for its version.

    Reissuing bumps the version: the older printed pass answers `revoked` at the gate.
    A revoked pass keeps its plate, so the same car cannot simply be registered again.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="vehicle_passes")
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="vehicle_passes",
        verbose_name=_("delegation"),
    )
    plate = models.CharField(_("number plate"), max_length=PLATE_MAX_LENGTH)
    plate_normalised = models.CharField(
        _("number plate (compared)"), max_length=PLATE_NORMALISED_MAX_LENGTH, editable=False
    )
    make = models.CharField(_("make and model"), max_length=80)
    colour = models.CharField(_("colour"), max_length=40)
    driver_name = models.CharField(_("driver's name"), max_length=150)
    driver = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vehicles_driven",
        verbose_name=_("driver's registration"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VehiclePassStatus.choices,
        default=VehiclePassStatus.REQUESTED,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("pass version"), default=1)
    print_count = models.PositiveIntegerField(_("times printed"), default=0)
    last_printed_at = models.DateTimeField(_("last printed at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "delegation", "plate_normalised"]
        verbose_name = _("vehicle pass")
        verbose_name_plural = _("vehicle passes")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "plate_normalised"],
                condition=~Q(status__in=RELEASES_PLATE),
                name="vehicle_plate_unique_per_event",
            ),
            models.CheckConstraint(
                condition=~Q(plate_normalised=""), name="vehicle_plate_not_empty"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="vehicle_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.plate} ({self.delegation_id})"


class VehicleGateEntry(Presence):
    """A vehicle pass's first entry through a vehicle gate, and whether the car is inside.

    Like ZonePresence for badges, the unique row is what admits a pass once
    (registrations/presence.py).
    """

    admitted_field = "vehicle_pass"

    vehicle_pass = models.ForeignKey(
        VehiclePass, on_delete=models.CASCADE, related_name="gate_entries"
    )
    zone = models.ForeignKey(AccessZone, on_delete=models.CASCADE, related_name="vehicle_entries")

    class Meta(Presence.Meta):
        verbose_name = _("vehicle gate entry")
        verbose_name_plural = _("vehicle gate entries")
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle_pass", "zone"], name="one_entry_per_vehicle_pass_and_zone"
            ),
        ]

    def __str__(self) -> str:
        return f"vehicle {self.vehicle_pass_id} in {self.zone_id}"
