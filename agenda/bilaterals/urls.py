"""The delegation's bilateral meetings; in the `agenda` namespace (agenda/urls.py)."""

from django.urls import path

from agenda.bilaterals import views

urlpatterns = [
    path(
        "d/<str:token>/bilaterals/",
        views.delegation_bilaterals,
        name="delegation-bilaterals",
    ),
    path(
        "d/<str:token>/bilaterals/<int:meeting_id>/",
        views.delegation_bilateral,
        name="delegation-bilateral",
    ),
]
