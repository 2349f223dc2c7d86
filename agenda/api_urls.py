"""Every API route of the agenda, included under /api/v1/ from config/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("agenda.programme.api_urls")),
    path("", include("agenda.releases.api_urls")),
    path("", include("agenda.personal.api_urls")),
    path("", include("agenda.bilaterals.api_urls")),
]
