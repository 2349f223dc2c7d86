"""Release API routes, included under /api/v1/ (agenda/api_urls.py)."""

from django.urls import path

from agenda.releases import api

urlpatterns = [
    path(
        "events/<slug:slug>/draft/release-preview/",
        api.ReleasePreviewView.as_view(),
        name="api-release-preview",
    ),
    path("events/<slug:slug>/releases/", api.ReleaseListView.as_view(), name="api-releases"),
]
