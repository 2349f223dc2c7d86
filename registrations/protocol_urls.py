"""Protocol pages under /manage/<slug>/: security vetting, precedence and seating."""

from django.urls import path

from registrations import protocol_views

app_name = "protocol"

urlpatterns = [
    path("<slug:slug>/vetting/", protocol_views.vetting_index, name="vetting"),
    path(
        "<slug:slug>/vetting/batches/<int:number>.csv",
        protocol_views.vetting_batch_download,
        name="vetting-batch",
    ),
    path(
        "<slug:slug>/protocol/<str:reference>/",
        protocol_views.registration_protocol,
        name="registration-protocol",
    ),
    path("<slug:slug>/seating/", protocol_views.seating_index, name="seating"),
    path(
        "<slug:slug>/seating.csv",
        protocol_views.seating_file,
        {"kind": "csv"},
        name="seating-csv",
    ),
    path(
        "<slug:slug>/seating.pdf",
        protocol_views.seating_file,
        {"kind": "pdf"},
        name="seating-pdf",
    ),
]
