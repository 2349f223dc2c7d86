"""Door pages, included under /manage/ (registrations/urls.py)."""

from django.urls import path

from registrations.checkin import views

app_name = "checkin"

urlpatterns = [
    path("<slug:slug>/checkin/", views.scanner, name="scanner"),
    path("<slug:slug>/checkin/dashboard/", views.dashboard, name="dashboard"),
]
