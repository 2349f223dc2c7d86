"""Precedence and seating pages under /manage/; in the `protocol` namespace
(registrations/urls.py)."""

from django.urls import path

from registrations.protocol import views

urlpatterns = [
    path(
        "<slug:slug>/protocol/<str:reference>/",
        views.registration_protocol,
        name="registration-protocol",
    ),
    path(
        "<slug:slug>/protocol/<str:reference>/form-of-address/",
        views.registration_form_of_address,
        name="registration-form-of-address",
    ),
    path("<slug:slug>/seating/", views.seating_index, name="seating"),
    path(
        "<slug:slug>/seating.csv",
        views.seating_file,
        {"kind": "csv"},
        name="seating-csv",
    ),
    path(
        "<slug:slug>/seating.pdf",
        views.seating_file,
        {"kind": "pdf"},
        name="seating-pdf",
    ),
]
