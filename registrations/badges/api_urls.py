"""Badge API routes, included under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.badges import api

urlpatterns = [
    path("events/<slug:slug>/badge-key/", api.BadgeKeyView.as_view(), name="api-badge-key"),
    path("events/<slug:slug>/badges.pdf", api.BadgeBatchView.as_view(), name="api-badges"),
    path(
        "events/<slug:slug>/registrations/<str:reference>/badge.pdf",
        api.BadgeFileView.as_view(kind="pdf"),
        name="api-badge-pdf",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/badge.png",
        api.BadgeFileView.as_view(kind="png"),
        name="api-badge-png",
    ),
]
