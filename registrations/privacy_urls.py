"""Photos (organizers and the registrant) and the registrant's deletion request."""

from django.urls import path

from registrations import photo_views, privacy_views

app_name = "privacy"

urlpatterns = [
    path(
        "manage/<slug:slug>/registrations/<str:reference>/photo.jpg",
        photo_views.organizer_photo,
        name="organizer-photo",
    ),
    path("me/<str:token>/photo.jpg", photo_views.registrant_photo, name="me-photo"),
    path("me/<str:token>/delete/", privacy_views.me_delete, name="me-delete"),
]
