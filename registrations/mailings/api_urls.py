"""Mailing API routes, included under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.mailings import api

urlpatterns = [
    path("events/<slug:slug>/mailings/", api.MailingListCreateView.as_view(), name="api-mailings"),
    path(
        "events/<slug:slug>/mailings/<int:mailing_id>/",
        api.MailingDetailView.as_view(),
        name="api-mailing-detail",
    ),
]
