"""The outbox: one row per email to send, whatever asked for it.

The app knows nothing about registrations or sessions: callers give a rendered
message, a `kind` ("registration.approved"), an opaque `scope` ("event:12") to
find it again, and a dedupe key that makes asking twice harmless.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", pgettext_lazy("message", "Cancelled")


class ErrorReason(models.TextChoices):
    """Why the last attempt did not deliver a message, in words an organizer reads.

    `last_error` keeps the technical detail (the server's reply); the reason is
    what the messages page groups and shows, in the reader's language.
    """

    ADDRESS_INVALID = "address_invalid", _("The address is not a valid email address.")
    ADDRESS_REFUSED = (
        "address_refused",
        _("The recipient's mail server refused the address: it does not exist or takes no mail."),
    )
    ADDRESS_NEEDS_SMTPUTF8 = (
        "address_needs_smtputf8",
        _(
            "The address has non-Latin letters before the @, and the mail server cannot send "
            "to such addresses."
        ),
    )
    MESSAGE_REFUSED = "message_refused", _("The mail server refused the message.")
    MESSAGE_INVALID = (
        "message_invalid",
        _("The message could not be put together (a header or an attachment is broken)."),
    )
    NOTHING_ACCEPTED = "nothing_accepted", _("The email backend accepted no recipient.")
    SERVER_DEFERRED = "server_deferred", _("The mail server asked to try again later.")
    SERVER_UNREACHABLE = (
        "server_unreachable",
        _("The mail server could not be reached or closed the connection."),
    )
    SERVER_LOGIN = (
        "server_login",
        _("The mail server refused Summit's login: check the email settings."),
    )
    SENDER_REFUSED = (
        "sender_refused",
        _("The mail server refused the sender address: check the sender setting."),
    )
    WORKER_LOST = (
        "worker_lost",
        _("The worker sending this message stopped before recording the result."),
    )
    OTHER = "other", _("Sending failed for another reason.")


def language_choices() -> list[tuple[str, str]]:
    """The languages Summit offers (settings.LANGUAGES): each message is in one of them."""
    return list(settings.LANGUAGES)


def is_offered_language(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


class Message(models.Model):
    dedupe_key = models.CharField(
        _("dedupe key"),
        max_length=255,
        help_text=_("Names the message for good: a second message with this key is never made."),
    )
    # Not an EmailField: the outbox also keeps (as `failed`) addresses it cannot
    # use, and sends to internationalised ones Django's validator refuses
    # (notifications.addresses decides).
    recipient = models.CharField(_("recipient"), max_length=254)
    recipient_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=language_choices, default="en")
    kind = models.CharField(_("kind"), max_length=80, help_text=_("e.g. registration.approved"))
    scope = models.CharField(
        _("scope"),
        max_length=80,
        blank=True,
        # Indexed through message_scope_counts_idx (scope first).
        help_text=_("Set by the sender to find its messages again, e.g. event:12."),
    )
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    scheduled_at = models.DateTimeField(_("scheduled for"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    error_reason = models.CharField(
        _("error reason"), max_length=32, choices=ErrorReason.choices, blank=True
    )
    # Retries stop NOTIFICATIONS_RETRY_HOURS after this (set by the first claim).
    first_attempt_at = models.DateTimeField(_("first attempt at"), null=True, blank=True)
    # A dispatcher holds a `sending` row until the lease ends and renews it while
    # it sends; past it the row is claimable again, so a worker that died loses
    # nothing and holds nothing for long.
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    # Which claim holds the row: a dispatcher records results only for its own claim.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_message_id = models.CharField(
        _("Message-ID"),
        max_length=255,
        editable=False,
        help_text=_("The Message-ID header, the same on every attempt so receivers can dedupe."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # Pattern opclass on PostgreSQL: the same index also serves the
            # `LIKE 'prefix%'` of cancelling by key prefix.
            models.UniqueConstraint(
                fields=["dedupe_key"],
                name="message_dedupe_key_unique",
                opclasses=["varchar_pattern_ops"],
            ),
            models.UniqueConstraint(
                fields=["provider_message_id"], name="message_provider_id_unique"
            ),
            models.CheckConstraint(condition=~Q(dedupe_key=""), name="message_dedupe_key_set"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="message_status_valid"
            ),
            # Which languages: settings.LANGUAGES, checked by `message_enqueue`, so that
            # adding a language needs no migration here.
            models.CheckConstraint(condition=~Q(language=""), name="message_language_set"),
            models.CheckConstraint(
                condition=Q(error_reason="") | Q(error_reason__in=ErrorReason.values),
                name="message_error_reason_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SENDING)
                | Q(lease_expires_at__isnull=False, claim_token__isnull=False),
                name="message_sending_has_lease",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SENT) | Q(sent_at__isnull=False),
                name="message_sent_has_time",
            ),
        ]
        indexes = [
            # Partial indexes stay small however many sent rows pile up.
            models.Index(
                fields=["scheduled_at", "id"],
                condition=Q(status=Status.QUEUED),
                name="message_due_idx",
            ),
            models.Index(
                fields=["lease_expires_at"],
                condition=Q(status=Status.SENDING),
                name="message_lease_idx",
            ),
            models.Index(fields=["scope", "status", "kind"], name="message_scope_counts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.get_status_display()})"

    @property
    def can_resend(self) -> bool:
        # Sending to an address that cannot be used again would fail the same way.
        return self.status == Status.FAILED and self.error_reason != ErrorReason.ADDRESS_INVALID


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"), blank=True, default=b"")
    # A file made when the message is sent (notifications.attachments): the
    # producer's registered name and its arguments; `content` stays empty.
    producer = models.CharField(_("made by"), max_length=100, blank=True)
    producer_args = models.JSONField(_("made from"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["message", "position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(condition=~Q(filename=""), name="attachment_filename_set"),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def is_deferred(self) -> bool:
        return bool(self.producer)
