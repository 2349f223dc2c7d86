"""API routes of badges and check-in, included under /api/v1/ from config/urls.py."""

from django.urls import path

from registrations import badge_api, checkin_api

urlpatterns = [
    path("events/<slug:slug>/badge-key/", badge_api.BadgeKeyView.as_view(), name="api-badge-key"),
    path("events/<slug:slug>/badges.pdf", badge_api.BadgeBatchView.as_view(), name="api-badges"),
    path(
        "events/<slug:slug>/registrations/<str:reference>/badge.pdf",
        badge_api.BadgeFileView.as_view(kind="pdf"),
        name="api-badge-pdf",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/badge.png",
        badge_api.BadgeFileView.as_view(kind="png"),
        name="api-badge-png",
    ),
    path(
        "events/<slug:slug>/registrations/<str:reference>/photo.jpg",
        checkin_api.RegistrationPhotoView.as_view(),
        name="api-registration-photo",
    ),
    path("events/<slug:slug>/checkins/", checkin_api.CheckInView.as_view(), name="api-checkins"),
    path(
        "events/<slug:slug>/checkins/stats/",
        checkin_api.CheckInStatsView.as_view(),
        name="api-checkin-stats",
    ),
    path(
        "events/<slug:slug>/checkins/lookup/",
        checkin_api.CheckInLookupView.as_view(),
        name="api-checkin-lookup",
    ),
    path(
        "events/<slug:slug>/checkins/offline-package/",
        checkin_api.OfflinePackageView.as_view(),
        name="api-checkin-offline-package",
    ),
    path(
        "events/<slug:slug>/checkins/offline-upload/",
        checkin_api.OfflineUploadView.as_view(),
        name="api-checkin-offline-upload",
    ),
]
