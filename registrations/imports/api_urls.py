"""Import API route, included under /api/v1/ before the registration's own
(registrations/api_urls.py): "import" is no reference."""

from django.urls import path

from registrations.imports import api

urlpatterns = [
    path(
        "events/<slug:slug>/registrations/import/",
        api.RegistrationImportView.as_view(),
        name="api-registrations-import",
    ),
]
