"""A job's page and file under /manage/; in the `manage` namespace (events/manage_urls.py)."""

from django.urls import path

from events.jobs import views

urlpatterns = [
    path("<slug:slug>/jobs/<int:job_id>/", views.job_page, name="job"),
    path("<slug:slug>/jobs/<int:job_id>/file", views.job_file, name="job-file"),
]
