"""Mailing pages, included under /manage/ (registrations/urls.py)."""

from django.urls import path

from registrations.mailings import views

app_name = "mailings"

urlpatterns = [
    path("<slug:slug>/mailings/", views.mailings, name="index"),
    path("<slug:slug>/mailings/<int:mailing_id>/", views.mailing_detail, name="detail"),
]
