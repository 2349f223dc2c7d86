"""Organizer teams: who holds which role on an event, and invitations to join."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.summit.models import Event, TimeStamped


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    ACCREDITATION = "accreditation", _("Accreditation officer")
    CHECKIN = "checkin", _("Check-in staff")
    PROGRAMME = "programme", _("Programme manager")


class TeamMembership(TimeStamped):
    """An organizer's role on one event. An `admin` may do everything the others may."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["event", "user", "role"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "role"], name="one_membership_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.event.slug}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class TeamInvitation(TimeStamped):
    """An invitation to join an event's team with one role, sent by email.

    The link carries a random secret; only its SHA-256 digest is stored (as for API
    tokens), so the table alone opens nothing. Resending makes a new secret: the old
    link stops working.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="team_invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_by_label = models.CharField(_("invited by"), max_length=150, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    sent_count = models.PositiveIntegerField(default=1, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "-created_at"]
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="team_invitation_accepted_or_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()} — {self.event.slug}"

    def status_at(self, now) -> str:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= now:
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())
