from django.contrib.auth import views as auth_views
from django.urls import path

from events import views

app_name = "manage"

urlpatterns = [
    path("", views.manage_home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="manage/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
