"""The head of delegation's page; in the `registrations` namespace (registrations/urls.py)."""

from django.urls import path

from registrations.delegations import views

urlpatterns = [
    path("d/<str:token>/", views.delegation_page, name="delegation"),
    path("d/<str:token>/new-link/", views.delegation_new_link, name="delegation-new-link"),
    path(
        "d/<str:token>/members/<str:reference>/remove/",
        views.delegation_remove,
        name="delegation-remove",
    ),
]
