"""Accreditation pages under /manage/; in the `manage_registrations` namespace
(registrations/urls.py)."""

from django.urls import path

from registrations.registration import manage_views

urlpatterns = [
    path("<slug:slug>/invitations/", manage_views.invitation_index, name="invitations"),
    path("<slug:slug>/registrations/", manage_views.registration_index, name="index"),
    path("<slug:slug>/registrations/export.csv", manage_views.registration_export, name="export"),
    path(
        "<slug:slug>/registrations/bulk-approve/",
        manage_views.registration_bulk_approve,
        name="bulk-approve",
    ),
    path(
        "<slug:slug>/registrations/<str:reference>/",
        manage_views.registration_detail,
        name="detail",
    ),
    # Before the decisions: "email" is no decision.
    path(
        "<slug:slug>/registrations/<str:reference>/email/",
        manage_views.registration_correct_email_view,
        name="correct-email",
    ),
    path(
        "<slug:slug>/registrations/<str:reference>/<str:decision>/",
        manage_views.registration_decide,
        name="decide",
    ),
]
