"""The organizers' home; in the `manage` namespace (events/manage_urls.py)."""

from django.urls import path

from events.summit import views

urlpatterns = [
    path("", views.manage_home, name="home"),
    path("<slug:slug>/settings/", views.event_settings, name="event-settings"),
]
