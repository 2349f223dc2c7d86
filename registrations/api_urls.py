"""Every API route of the registrations app, included under /api/v1/ from config/urls.py."""

from django.urls import include, path

urlpatterns = [
    # Before the registration's `<reference>/`: "import" is no reference.
    path("", include("registrations.imports.api_urls")),
    path("", include("registrations.registration.api_urls")),
    path("", include("registrations.badges.api_urls")),
    path("", include("registrations.checkin.api_urls")),
    path("", include("registrations.privacy.api_urls")),
    path("", include("registrations.vetting.api_urls")),
    path("", include("registrations.protocol.api_urls")),
    path("", include("registrations.vehicles.api_urls")),
    path("", include("registrations.dashboard.api_urls")),
    path("", include("registrations.mailings.api_urls")),
    path("", include("registrations.delegations.api_urls")),
    path("", include("registrations.questions.api_urls")),
]
