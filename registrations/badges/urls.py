"""Badge pages for officers (/manage/<slug>/badges/) and registrants (/me/<token>/badge.*)."""

from django.urls import path

from registrations.badges import views

app_name = "badges"

urlpatterns = [
    path("manage/<slug:slug>/badges/", views.badges_index, name="index"),
    path("manage/<slug:slug>/badges/<str:reference>/", views.badge_detail, name="detail"),
    path(
        "manage/<slug:slug>/badges/<str:reference>/badge.pdf",
        views.badge_print,
        name="print",
    ),
    path("manage/<slug:slug>/badges/<str:reference>/qr.png", views.badge_qr, name="qr"),
    path(
        "manage/<slug:slug>/badges/<str:reference>/reissue/",
        views.badge_reissue_view,
        name="reissue",
    ),
    path("me/<str:token>/badge.pdf", views.me_badge, {"kind": "pdf"}, name="me-badge-pdf"),
    path("me/<str:token>/badge.png", views.me_badge, {"kind": "png"}, name="me-badge-png"),
]
