"""The event's outgoing messages; in the `manage` namespace (events/manage_urls.py)."""

from django.urls import path

from events.outbox import views

urlpatterns = [
    path("<slug:slug>/messages/", views.messages_list, name="messages"),
    path(
        "<slug:slug>/messages/<int:message_id>/",
        views.message_detail,
        name="message-detail",
    ),
    path(
        "<slug:slug>/messages/<int:message_id>/resend/",
        views.message_resend_view,
        name="message-resend",
    ),
]
