from django.urls import path

from registrations.registration import api

urlpatterns = [
    path(
        "events/<slug:slug>/registrations/",
        api.RegistrationListCreateView.as_view(),
        name="api-registrations",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/",
        api.RegistrationDetailView.as_view(),
        name="api-registration",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/approve/",
        api.RegistrationApproveView.as_view(),
        name="api-registration-approve",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/reject/",
        api.RegistrationRejectView.as_view(),
        name="api-registration-reject",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/revoke/",
        api.RegistrationRevokeView.as_view(),
        name="api-registration-revoke",
    ),
]
