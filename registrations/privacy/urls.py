"""Photos (organizers and the registrant) and the registrant's deletion request."""

from django.urls import path

from registrations.privacy import views

app_name = "privacy"

urlpatterns = [
    path(
        "manage/<slug:slug>/registrations/<str:reference>/photo.jpg",
        views.organizer_photo,
        name="organizer-photo",
    ),
    path("me/<str:token>/photo.jpg", views.registrant_photo, name="me-photo"),
    path("me/<str:token>/delete/", views.me_delete, name="me-delete"),
]
