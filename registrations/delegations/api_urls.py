"""The delegations' setup API routes, under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.delegations import api

urlpatterns = [
    path(
        "events/<slug:slug>/delegations/",
        api.DelegationListView.as_view(),
        name="api-delegations",
    ),
    path(
        "events/<slug:slug>/delegations/<int:delegation_id>/",
        api.DelegationDetailView.as_view(),
        name="api-delegation",
    ),
]
