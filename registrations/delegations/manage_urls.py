"""The delegations list under /manage/; in the `manage_registrations` namespace
(registrations/urls.py)."""

from django.urls import path

from registrations.delegations import manage_views

urlpatterns = [
    path("<slug:slug>/delegations/", manage_views.delegation_index, name="delegations"),
]
