"""Door pages, included under /manage/ from config/urls.py."""

from django.urls import path

from registrations import checkin_views

app_name = "checkin"

urlpatterns = [
    path("<slug:slug>/checkin/", checkin_views.scanner, name="scanner"),
    path("<slug:slug>/checkin/dashboard/", checkin_views.dashboard, name="dashboard"),
]
