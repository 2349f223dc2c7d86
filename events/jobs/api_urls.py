"""Job routes, included under /api/v1/ (registrations/api_urls.py, the API's event routes)."""

from django.urls import path

from events.jobs import api

urlpatterns = [
    path("events/<slug:slug>/jobs/<int:job_id>/", api.JobDetailView.as_view(), name="api-job"),
    path(
        "events/<slug:slug>/jobs/<int:job_id>/file",
        api.JobFileView.as_view(),
        name="api-job-file",
    ),
]
