"""The organizers' bilateral meetings; in the `manage_agenda` namespace
(agenda/manage_urls.py)."""

from django.urls import path

from agenda.bilaterals import views

urlpatterns = [
    path(
        "<slug:slug>/agenda/bilaterals/",
        views.manage_bilaterals,
        name="bilaterals",
    ),
    path(
        "<slug:slug>/agenda/bilaterals/<int:meeting_id>/",
        views.manage_bilateral,
        name="bilateral",
    ),
]
