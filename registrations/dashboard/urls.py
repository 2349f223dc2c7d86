"""The dashboard page, included under /manage/ (registrations/urls.py)."""

from django.urls import path

from registrations.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("<slug:slug>/", views.dashboard, name="index"),
]
