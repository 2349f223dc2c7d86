"""Import pages under /manage/; in the `manage_registrations` namespace, before the
registration's own `<reference>` pages (registrations/urls.py)."""

from django.urls import path

from registrations.imports import views

urlpatterns = [
    path("<slug:slug>/registrations/import/", views.import_index, name="import"),
    path(
        "<slug:slug>/registrations/import/<int:import_id>/",
        views.import_detail,
        name="import-detail",
    ),
]
