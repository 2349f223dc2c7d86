"""The organizers' home; in the `manage` namespace (events/manage_urls.py)."""

from django.urls import path

from events.summit import views

urlpatterns = [
    path("", views.manage_home, name="home"),
    # Before every `<slug>/…` page: `events` is a reserved slug (events.summit.reserved).
    path("events/new/", views.event_new, name="event-create"),
    path("<slug:slug>/settings/", views.event_settings, name="event-settings"),
]
