"""Badges: one current version per registration; reissuing revokes the older ones."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.summit.models import TimeStamped
from registrations.registration.models import Registration


class Badge(TimeStamped):
    """A printed badge. Its QR code names the registration and this version, signed.

    A code whose version is not the registration's current one answers `revoked`
    at the door, so a lost badge stops working the moment a new one is issued.
    """

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="badges",
        verbose_name=_("registration"),
    )
    version = models.PositiveIntegerField(_("version"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    reason = models.CharField(
        _("reason for issuing"), max_length=300, blank=True, help_text=_("Why it was (re)issued.")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    print_count = models.PositiveIntegerField(_("times printed"), default=0)
    last_printed_at = models.DateTimeField(_("last printed at"), null=True, blank=True)

    class Meta:
        ordering = ["registration", "-version"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "version"], name="badge_version_unique"
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(revoked_at__isnull=True),
                name="one_current_badge_per_registration",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="badge_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.reference} v{self.version}"

    @property
    def is_current(self) -> bool:
        return self.revoked_at is None


class BadgeSigningKey(TimeStamped):
    """One generation of an event's Ed25519 badge key (see registrations/badges/signing.py).

    The private key is derived from `BADGE_SIGNING_KEY` and this row's random
    `salt`, so neither the setting alone nor a database dump alone yields it, and
    each event (and each generation) has a key of its own. Codes name the
    generation (`key_id`); a code under a revoked generation answers `revoked`.
    Generation 0 with an empty salt is the key that codes of format 1 (before
    rotation existed) were signed with.
    """

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="badge_signing_keys"
    )
    key_id = models.PositiveIntegerField(_("key id"))
    salt = models.CharField(max_length=64, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "-key_id"]
        verbose_name = _("badge signing key")
        verbose_name_plural = _("badge signing keys")
        constraints = [
            models.UniqueConstraint(fields=["event", "key_id"], name="badge_key_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} key {self.key_id}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
