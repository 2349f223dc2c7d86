from django.urls import path

from registrations import protocol_api

urlpatterns = [
    path(
        "events/<slug:slug>/vetting/batches/",
        protocol_api.VettingBatchListView.as_view(),
        name="api-vetting-batches",
    ),
    path(
        "events/<slug:slug>/vetting/batches/<int:number>/",
        protocol_api.VettingBatchDetailView.as_view(),
        name="api-vetting-batch",
    ),
    path(
        "events/<slug:slug>/vetting/batches/<int:number>/export.csv",
        protocol_api.VettingBatchDetailView.as_view(as_csv=True),
        name="api-vetting-batch-csv",
    ),
    path(
        "events/<slug:slug>/vetting/decisions/",
        protocol_api.VettingDecisionsView.as_view(),
        name="api-vetting-decisions",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/withdraw-clearance/",
        protocol_api.WithdrawClearanceView.as_view(),
        name="api-registration-withdraw-clearance",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/protocol/",
        protocol_api.ProtocolView.as_view(),
        name="api-registration-protocol",
    ),
    path("events/<slug:slug>/seating/", protocol_api.SeatingView.as_view(), name="api-seating"),
    path(
        "events/<slug:slug>/seating.csv",
        protocol_api.SeatingView.as_view(kind="csv"),
        name="api-seating-csv",
    ),
    path(
        "events/<slug:slug>/seating.pdf",
        protocol_api.SeatingView.as_view(kind="pdf"),
        name="api-seating-pdf",
    ),
]
