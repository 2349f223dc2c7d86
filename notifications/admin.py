from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import Message, MessageAttachment, Status
from notifications.services import NotificationError, message_resend


class MessageAttachmentInline(admin.TabularInline):
    model = MessageAttachment
    extra = 0
    fields = ["filename", "content_type", "file_size"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("size (bytes)"))
    def file_size(self, attachment):
        return len(attachment.content)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Messages are written by the outbox only: read them, and re-send failed ones."""

    list_display = [
        "recipient",
        "kind",
        "scope",
        "status",
        "attempts",
        "scheduled_at",
        "sent_at",
    ]
    list_filter = ["status", "error_reason", "kind", "language"]
    search_fields = ["recipient", "recipient_name", "dedupe_key", "subject", "provider_message_id"]
    date_hierarchy = "created_at"
    inlines = [MessageAttachmentInline]
    actions = ["resend"]
    fields = [
        "dedupe_key",
        "recipient",
        "recipient_name",
        "language",
        "kind",
        "scope",
        "status",
        "scheduled_at",
        "attempts",
        "first_attempt_at",
        "error_reason",
        "last_error",
        "sent_at",
        "lease_expires_at",
        "provider_message_id",
        "subject",
        "body_text",
        "body_html",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only; `resend` is the one change allowed, through its service.
        return False

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("notifications.change_message")

    @admin.action(description=_("Send the selected failed messages again"), permissions=["resend"])
    def resend(self, request, queryset):
        done = 0
        skipped = queryset.exclude(status=Status.FAILED).count()
        for message_id in queryset.filter(status=Status.FAILED).values_list("pk", flat=True):
            try:
                message_resend(message_id=message_id)
            except NotificationError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message queued again.", "%(count)d messages queued again.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message was skipped: only failed messages can be sent again.",
                    "%(count)d messages were skipped: only failed messages can be sent again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
