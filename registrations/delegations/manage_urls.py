"""Organizers' delegation pages under /manage/; in the `manage_registrations` namespace
(registrations/urls.py)."""

from django.urls import path

from registrations.delegations import manage_views

urlpatterns = [
    path("<slug:slug>/delegations/", manage_views.delegation_index, name="delegations"),
    path(
        "<slug:slug>/settings/delegations/",
        manage_views.delegation_settings,
        name="delegation-settings",
    ),
    path(
        "<slug:slug>/settings/delegations/new/",
        manage_views.delegation_new,
        name="delegation-create",
    ),
    path(
        "<slug:slug>/settings/delegations/<int:delegation_id>/",
        manage_views.delegation_edit,
        name="delegation-edit",
    ),
]
