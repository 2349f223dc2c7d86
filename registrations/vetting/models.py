"""Security vetting batches; each registration's vetting state is on the Registration."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.summit.models import Event, TimeStamped


class VettingBatch(TimeStamped):
    """One export of registrations sent to the host country's security service."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="vetting_batches")
    number = models.PositiveIntegerField(_("number"))
    created_by = models.CharField(_("created by"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("registrations"), default=0)

    class Meta:
        ordering = ["event", "-number"]
        verbose_name = _("vetting batch")
        verbose_name_plural = _("vetting batches")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"], name="vetting_batch_number_unique_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.slug} #{self.number}"
