from django.contrib.auth import views as auth_views
from django.urls import path

from events import manage_audit, manage_messages, two_factor_views, views

app_name = "manage"

urlpatterns = [
    path("", views.manage_home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="manage/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/setup/", two_factor_views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/", two_factor_views.two_factor_verify_view, name="two-factor-verify"),
    path(
        "two-factor/recovery-codes/",
        two_factor_views.two_factor_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("two-factor/remove/", two_factor_views.two_factor_remove, name="two-factor-remove"),
    path("<slug:slug>/audit/", manage_audit.audit_log, name="audit"),
    path("<slug:slug>/messages/", manage_messages.messages_list, name="messages"),
    path(
        "<slug:slug>/messages/<int:message_id>/",
        manage_messages.message_detail,
        name="message-detail",
    ),
    path(
        "<slug:slug>/messages/<int:message_id>/resend/",
        manage_messages.message_resend_view,
        name="message-resend",
    ),
]
