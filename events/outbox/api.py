"""An event's outgoing messages in the API: list them, send a failed one again.

The outbox knows nothing of events: these views pick the event's scope and read the
outbox through its selectors and services, as the pages in `views.py` do. The outbox's
own refusal (`NotificationError`) is turned into the project's `ConflictError` here,
so the API's exception handler answers it like every other refusal.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from events.api_fields import query_params
from events.api_views import EventAPIView, RefusalSerializer
from events.errors import ConflictError, NotFoundError
from events.outbox.serializers import MessageFilterSerializer, MessageSerializer
from events.summit.selectors import event_message_scope
from events.teams.models import Role
from notifications.selectors import message_get, messages_in_scope
from notifications.services import NotificationError, message_resend

# A refused filter, named by field (a serializer's errors).
FilterErrorsSerializer = inline_serializer(
    "MessageFilterErrors",
    {
        name: serializers.ListField(child=serializers.CharField(), required=False)
        for name in ("status", "kind", "search")
    },
)


class MessageListView(EventAPIView):
    serializer_class = MessageSerializer
    required_roles = (Role.ACCREDITATION,)

    @extend_schema(
        parameters=[MessageFilterSerializer],
        responses={
            200: MessageSerializer(many=True),
            400: OpenApiResponse(FilterErrorsSerializer, description="A filter value refused"),
        },
        operation_id="messages_list",
        summary="The event's outgoing messages, newest first (accreditation)",
    )
    def get(self, request, slug: str):
        queryset = messages_in_scope(
            scope=event_message_scope(self.event),
            **query_params(MessageFilterSerializer, request),
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(MessageSerializer(page, many=True).data)


class MessageResendView(EventAPIView):
    serializer_class = MessageSerializer
    required_roles = (Role.ACCREDITATION,)
    http_method_names = ["post", "options"]

    @extend_schema(
        request=None,
        responses={
            200: MessageSerializer,
            404: OpenApiResponse(description="No such message in this event"),
            409: OpenApiResponse(
                RefusalSerializer,
                description="The message did not fail, or its address cannot be used.",
            ),
        },
        operation_id="messages_resend",
        summary="Queue a failed message again, due now (accreditation)",
    )
    def post(self, request, slug: str, message_id: int):
        scope = event_message_scope(self.event)
        if message_get(scope=scope, message_id=message_id) is None:
            raise NotFoundError(_("This message does not exist."))
        try:
            message = message_resend(message_id=message_id, scope=scope)
        except NotificationError as error:
            raise ConflictError(error.message, code="not_resendable") from error
        return Response(MessageSerializer(message).data)
