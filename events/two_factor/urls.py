"""Organizer sign-in and its second factor; in the `manage` namespace (events/manage_urls.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from events.two_factor import views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="manage/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/", views.two_factor_verify_view, name="two-factor-verify"),
    path(
        "two-factor/recovery-codes/",
        views.two_factor_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
]
