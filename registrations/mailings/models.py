"""A mailing: one message, written in the event's languages, to the registrants a filter chose."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.summit.models import Event, TimeStamped
from events.translated.fields import TranslatedField


class Mailing(TimeStamped):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="mailings")
    # The recipients' filter as the officer chose it (registrations/mailings/recipients.py).
    filters = models.JSONField(_("recipients"), default=dict)
    subject = TranslatedField(_("subject"), max_length=200)
    body = TranslatedField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_label = models.CharField(_("sent by"), max_length=150)
    # How many registrants the filter chose when the mailing was sent.
    recipients_total = models.PositiveIntegerField(_("recipients"), default=0)
    job = models.ForeignKey(
        "events.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["event", "-created_at", "-pk"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self) -> str:
        return str(self.subject)

    @property
    def main_language(self) -> str:
        return self.event.main_language


class MailingRecipient(models.Model):
    """One registrant of a mailing and the outbox message made for them: once each."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="+"
    )
    message = models.ForeignKey(
        "notifications.Message", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["mailing", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "registration"], name="mailing_once_per_registrant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mailing_id} → {self.registration_id}"
