"""The release page; in the `manage_agenda` namespace (agenda/manage_urls.py)."""

from django.urls import path

from agenda.releases import manage_views

urlpatterns = [
    path("<slug:slug>/agenda/release/", manage_views.release, name="release"),
]
