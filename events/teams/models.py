"""Organizer teams: who holds which role on an event."""

from django.conf import settings
from django.db import models
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
