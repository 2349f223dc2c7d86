"""Badge pages for officers (/manage/<slug>/badges/) and registrants (/me/<token>/badge.*)."""

from django.urls import path

from registrations import badge_views

app_name = "badges"

urlpatterns = [
    path("manage/<slug:slug>/badges/", badge_views.badges_index, name="index"),
    path("manage/<slug:slug>/badges/<str:reference>/", badge_views.badge_detail, name="detail"),
    path(
        "manage/<slug:slug>/badges/<str:reference>/badge.pdf",
        badge_views.badge_print,
        name="print",
    ),
    path("manage/<slug:slug>/badges/<str:reference>/qr.png", badge_views.badge_qr, name="qr"),
    path(
        "manage/<slug:slug>/badges/<str:reference>/reissue/",
        badge_views.badge_reissue_view,
        name="reissue",
    ),
    path("me/<str:token>/badge.pdf", badge_views.me_badge, {"kind": "pdf"}, name="me-badge-pdf"),
    path("me/<str:token>/badge.png", badge_views.me_badge, {"kind": "png"}, name="me-badge-png"),
]
