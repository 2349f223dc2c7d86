"""The event's audit log page; in the `manage` namespace (events/manage_urls.py)."""

from django.urls import path

from events.audit import views

urlpatterns = [
    path("<slug:slug>/audit/", views.audit_log, name="audit"),
]
