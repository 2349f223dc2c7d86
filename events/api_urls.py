"""The events app's API routes beside the event router, included under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("events.outbox.api_urls")),
    path("", include("events.setup.api_urls")),
    path("", include("events.teams.api_urls")),
    path("", include("events.tokens.api_urls")),
]
