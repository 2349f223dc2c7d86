"""Precedence and seating API routes, included under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.protocol import api

urlpatterns = [
    path(
        "events/<slug:slug>/registrations/<str:reference>/protocol/",
        api.ProtocolView.as_view(),
        name="api-registration-protocol",
    ),
    path("events/<slug:slug>/seating/", api.SeatingView.as_view(), name="api-seating"),
    path(
        "events/<slug:slug>/seating.csv",
        api.SeatingView.as_view(kind="csv"),
        name="api-seating-csv",
    ),
    path(
        "events/<slug:slug>/seating.pdf",
        api.SeatingView.as_view(kind="pdf"),
        name="api-seating-pdf",
    ),
]
