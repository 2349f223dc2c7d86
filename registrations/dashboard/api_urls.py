"""Dashboard API route, included under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.dashboard import api

urlpatterns = [
    path("events/<slug:slug>/stats/", api.EventStatsView.as_view(), name="api-event-stats"),
]
