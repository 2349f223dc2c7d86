"""The public form and the registrant's page; in the `registrations` namespace
(registrations/urls.py)."""

from django.urls import path

from registrations.registration import views

urlpatterns = [
    path("e/<slug:slug>/register/", views.register, name="register"),
    path("e/<slug:slug>/register/done/", views.registered, name="registered"),
    path("e/<slug:slug>/lost-link/", views.lost_link, name="lost-link"),
    path("e/<slug:slug>/new-link-sent/", views.link_renewed, name="link-renewed"),
    path("me/<str:token>/", views.me, name="me"),
    path("me/<str:token>/cancel/", views.me_cancel, name="me-cancel"),
    path("me/<str:token>/new-link/", views.me_new_link, name="me-new-link"),
]
