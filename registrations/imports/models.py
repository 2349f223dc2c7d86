"""An uploaded registrations file, kept while the officer maps, checks and applies it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.summit.models import Event, TimeStamped


class RegistrationImport(TimeStamped):
    """The file as read (`header`, then `rows` of `[line, [cells…]]`), the columns' fields
    (`mapping`: column position as text → field name, registrations/imports/mapping.py),
    and the jobs that checked and applied it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registration_imports")
    file_name = models.CharField(_("file name"), max_length=200)
    header = models.JSONField(_("columns"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    # The registrants get the registration's messages (received, approved) only if asked.
    send_confirmations = models.BooleanField(_("send confirmations"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_label = models.CharField(_("uploaded by"), max_length=200, blank=True)
    check_job = models.ForeignKey(
        "events.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    apply_job = models.ForeignKey(
        "events.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["event", "-created_at", "-pk"]
        verbose_name = _("registrations import")
        verbose_name_plural = _("registrations imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def row_count(self) -> int:
        return len(self.rows)
