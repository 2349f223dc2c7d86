from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from events.health import healthz
from events.summit.api import EventViewSet

api = DefaultRouter(trailing_slash=True)
api.include_root_view = False
api.register("events", EventViewSet, basename="event")

urlpatterns = [
    path("", include("events.summit.urls")),
    path("", include("registrations.urls")),
    path("", include("agenda.urls")),
    path("manage/", include("events.manage_urls")),
    path("manage/", include("agenda.manage_urls")),
    # Last of /manage/: the dashboard's `<slug>/` would take `login/` or `two-factor/`.
    path("manage/", include("registrations.dashboard.urls")),
    path("api/v1/", include(api.urls)),
    path("api/v1/", include("events.api_urls")),
    path("api/v1/", include("events.jobs.api_urls")),
    path("api/v1/", include("registrations.api_urls")),
    path("api/v1/", include("agenda.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

admin.site.site_header = "Summit administration"
admin.site.site_title = "Summit"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
