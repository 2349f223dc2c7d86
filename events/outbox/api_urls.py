"""The outbox's API routes, under /api/v1/ (events/api_urls.py)."""

from django.urls import path

from events.outbox import api

urlpatterns = [
    path("events/<slug:slug>/messages/", api.MessageListView.as_view(), name="api-messages"),
    path(
        "events/<slug:slug>/messages/<int:message_id>/resend/",
        api.MessageResendView.as_view(),
        name="api-message-resend",
    ),
]
