"""Privacy API routes (the door's photo), included under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.privacy import api

urlpatterns = [
    path(
        "events/<slug:slug>/registrations/<str:reference>/photo.jpg",
        api.RegistrationPhotoView.as_view(),
        name="api-registration-photo",
    ),
]
