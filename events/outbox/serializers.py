"""The API's view of an event's outgoing messages: the filters it takes and what it answers."""

from rest_framework import serializers

from notifications.models import ErrorReason, Message, Status


class MessageFilterSerializer(serializers.Serializer):
    """The query string of the list: each filter optional, an unknown status a 400."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    kind = serializers.CharField(
        max_length=80, required=False, help_text="e.g. registration.approved"
    )
    search = serializers.CharField(
        max_length=200, required=False, help_text="Part of the recipient's address or name."
    )


class MessageSerializer(serializers.ModelSerializer):
    """One message without its body: who, what, where it stands and why it failed."""

    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    error_reason = serializers.ChoiceField(
        choices=[("", ""), *ErrorReason.choices],
        help_text="Why the last attempt did not deliver it; empty when nothing failed.",
    )
    error_reason_label = serializers.SerializerMethodField()
    can_resend = serializers.BooleanField(
        read_only=True,
        help_text="Failed, to an address the outbox can use: POST …/resend/ queues it again.",
    )

    class Meta:
        model = Message
        fields = [
            "id",
            "recipient",
            "recipient_name",
            "kind",
            "subject",
            "status",
            "status_label",
            "error_reason",
            "error_reason_label",
            "last_error",
            "attempts",
            "scheduled_at",
            "sent_at",
            "created_at",
            "updated_at",
            "can_resend",
        ]
        read_only_fields = fields

    def get_error_reason_label(self, message: Message) -> str:
        return message.get_error_reason_display() if message.error_reason else ""
