"""A registrant's personal agenda: the sessions they chose, and when it last changed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.programme.models import Session


class PersonalAgendaItem(models.Model):
    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="agenda_items"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["registration", "session__starts_at"]
        verbose_name = _("personal agenda entry")
        verbose_name_plural = _("personal agenda entries")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="session_once_per_personal_agenda"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.session}"


class PersonalAgendaChange(models.Model):
    """When a registrant last added or removed a session: their feed's Last-Modified.

    A removed entry leaves no row behind, so the feed could not tell otherwise
    that it changed.
    """

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="agenda_change"
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("personal agenda change")
        verbose_name_plural = _("personal agenda changes")

    def __str__(self) -> str:
        return f"{self.registration} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"
