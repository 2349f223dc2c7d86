"""The registrant's agenda forms; in the `agenda` namespace (agenda/urls.py)."""

from django.urls import path

from agenda.personal import views

urlpatterns = [
    path("me/<str:token>/agenda/add/", views.personal_add, name="personal-add"),
    path("me/<str:token>/agenda/remove/", views.personal_remove, name="personal-remove"),
]
