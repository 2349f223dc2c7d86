"""Check-in API routes, included under /api/v1/ (registrations/api_urls.py)."""

from django.urls import path

from registrations.checkin import api, offline_api

urlpatterns = [
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
        offline_api.OfflinePackageView.as_view(),
        name="api-checkin-offline-package",
    ),
    path(
        "events/<slug:slug>/checkins/offline-upload/",
        offline_api.OfflineUploadView.as_view(),
        name="api-checkin-offline-upload",
    ),
]
