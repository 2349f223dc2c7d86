"""Door check-in: every scan attempt, who is inside which zone, offline conflicts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.summit.models import AccessZone, Event
from events.tokens.models import ApiToken
from registrations.presence import Presence
from registrations.registration.models import Registration
from registrations.vehicles.models import VehiclePass


class ScanResult(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    ALREADY_CHECKED_IN = "already_checked_in", _("Already checked in")
    INVALID = "invalid", _("Invalid code")
    NOT_APPROVED = "not_approved", _("Not accredited")
    REVOKED = "revoked", _("Revoked")
    WRONG_EVENT = "wrong_event", _("Badge of another event")
    ZONE_DENIED = "zone_denied", _("Zone not granted")


class Direction(models.TextChoices):
    IN = "in", _("Entry")
    OUT = "out", _("Exit")


class ScanMethod(models.TextChoices):
    CODE = "code", _("Scanned code")
    MANUAL = "manual", _("Looked up by hand")


class CheckInScan(models.Model):
    """One scan attempt at a door, whatever its answer. Written once, never changed."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkin_scans")
    zone = models.ForeignKey(
        AccessZone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zone"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkin_scans",
        verbose_name=_("registration"),
    )
    # A vehicle pass scanned at a gate (registration is then empty); `badge_version`
    # holds the pass's version.
    vehicle_pass = models.ForeignKey(
        VehiclePass,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkin_scans",
        verbose_name=_("vehicle pass"),
    )
    badge_version = models.PositiveIntegerField(_("badge version"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.IN
    )
    method = models.CharField(
        _("method"), max_length=10, choices=ScanMethod.choices, default=ScanMethod.CODE
    )
    result = models.CharField(_("result"), max_length=20, choices=ScanResult.choices)
    # Why a code was refused (`bad_signature`, `old_version`…), for whoever investigates.
    detail = models.CharField(_("detail"), max_length=40, blank=True)
    code_prefix = models.CharField(_("scanned text (start)"), max_length=80, blank=True)
    token = models.ForeignKey(
        ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    device_label = models.CharField(_("device"), max_length=150)
    # A client-chosen id (a UUID): a retried request, or an offline scan uploaded
    # twice, finds the first record instead of making a second one.
    nonce = models.CharField(_("client scan id"), max_length=64, blank=True)
    # SHA-256 of what the nonce was sent with (code, zone, direction): the same nonce
    # with anything else is a malformed request, never the first scan's answer.
    request_digest = models.CharField(max_length=64, blank=True, editable=False)
    scanned_at = models.DateTimeField(_("scanned at"), default=timezone.now)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    offline = models.BooleanField(_("scanned offline"), default=False)
    device_result = models.CharField(
        _("answer shown offline"), max_length=20, choices=ScanResult.choices, blank=True
    )

    class Meta:
        ordering = ["-scanned_at", "-pk"]
        verbose_name = _("check-in scan")
        verbose_name_plural = _("check-in scans")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "nonce"],
                condition=~Q(nonce=""),
                name="scan_nonce_unique_per_event",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "scanned_at"]),
            models.Index(fields=["registration", "zone", "scanned_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.scanned_at:%Y-%m-%d %H:%M:%S} {self.device_label} {self.result}"


class ZonePresence(Presence):
    """A registration's first entry into a zone, and whether it is inside now.

    The unique row is what admits a badge once (registrations/presence.py).
    """

    admitted_field = "registration"

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="zone_presences"
    )
    zone = models.ForeignKey(AccessZone, on_delete=models.CASCADE, related_name="presences")

    class Meta(Presence.Meta):
        verbose_name = _("zone presence")
        verbose_name_plural = _("zone presences")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "zone"], name="one_presence_per_registration_and_zone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} in {self.zone_id}"


class ConflictKind(models.TextChoices):
    DOUBLE_ADMISSION = "double_admission", _("Admitted twice")
    REFUSED_BY_SERVER = "refused_by_server", _("Admitted offline, refused online")


class CheckInConflict(models.Model):
    """Something offline scanners did that the server would not have allowed."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkin_conflicts")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="checkin_conflicts"
    )
    zone = models.ForeignKey(
        AccessZone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind.choices)
    earlier_scan = models.ForeignKey(
        CheckInScan, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    scan = models.ForeignKey(CheckInScan, on_delete=models.CASCADE, related_name="conflicts")
    detected_at = models.DateTimeField(_("detected at"), default=timezone.now)

    class Meta:
        ordering = ["-detected_at", "-pk"]
        verbose_name = _("check-in conflict")
        verbose_name_plural = _("check-in conflicts")
        constraints = [
            models.UniqueConstraint(fields=["scan", "kind"], name="one_conflict_per_scan_and_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.registration_id}"
