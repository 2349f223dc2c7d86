"""Check-in API routes (and the door's photo), included under /api/v1/
(registrations/api_urls.py)."""

from django.urls import path

from registrations.checkin import api

urlpatterns = [
    path(
        "events/<slug:slug>/registrations/<str:reference>/photo.jpg",
        api.RegistrationPhotoView.as_view(),
        name="api-registration-photo",
    ),
    path("events/<slug:slug>/checkins/", api.CheckInView.as_view(), name="api-checkins"),
    path(
        "events/<slug:slug>/checkins/stats/",
        api.CheckInStatsView.as_view(),
        name="api-checkin-stats",
    ),
    path(
        "events/<slug:slug>/checkins/lookup/",
        api.CheckInLookupView.as_view(),
        name="api-checkin-lookup",
    ),
    path(
        "events/<slug:slug>/checkins/offline-package/",
        api.OfflinePackageView.as_view(),
        name="api-checkin-offline-package",
    ),
    path(
        "events/<slug:slug>/checkins/offline-upload/",
        api.OfflineUploadView.as_view(),
        name="api-checkin-offline-upload",
    ),
]
