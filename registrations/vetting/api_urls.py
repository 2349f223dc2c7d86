"""Security vetting API routes, included under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.vetting import api

urlpatterns = [
    path(
        "events/<slug:slug>/vetting/batches/",
        api.VettingBatchListView.as_view(),
        name="api-vetting-batches",
    ),
    path(
        "events/<slug:slug>/vetting/batches/<int:number>/",
        api.VettingBatchDetailView.as_view(),
        name="api-vetting-batch",
    ),
    path(
        "events/<slug:slug>/vetting/batches/<int:number>/export.csv",
        api.VettingBatchDetailView.as_view(as_csv=True),
        name="api-vetting-batch-csv",
    ),
    path(
        "events/<slug:slug>/vetting/decisions/",
        api.VettingDecisionsView.as_view(),
        name="api-vetting-decisions",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/withdraw-clearance/",
        api.WithdrawClearanceView.as_view(),
        name="api-registration-withdraw-clearance",
    ),
]
