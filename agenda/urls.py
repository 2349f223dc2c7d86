from django.urls import path

from agenda import bilateral_views, views

app_name = "agenda"

urlpatterns = [
    path("e/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("e/<slug:slug>/agenda.ics", views.agenda_ics, name="agenda-ics"),
    path("e/<slug:slug>/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("e/<slug:slug>/sessions/<int:session_id>.ics", views.session_ics, name="session-ics"),
    path("e/<slug:slug>/speakers/<int:speaker_id>/", views.speaker_detail, name="speaker"),
    path(
        "e/<slug:slug>/speakers/<int:speaker_id>/photo",
        views.speaker_photo,
        name="speaker-photo",
    ),
    path("me/<str:token>/calendar.ics", views.personal_ics, name="personal-ics"),
    path("feeds/<str:feed_secret>/calendar.ics", views.personal_feed_ics, name="personal-feed"),
    path("me/<str:token>/agenda/add/", views.personal_add, name="personal-add"),
    path("me/<str:token>/agenda/remove/", views.personal_remove, name="personal-remove"),
    path(
        "d/<str:token>/bilaterals/",
        bilateral_views.delegation_bilaterals,
        name="delegation-bilaterals",
    ),
    path(
        "d/<str:token>/bilaterals/<int:meeting_id>/",
        bilateral_views.delegation_bilateral,
        name="delegation-bilateral",
    ),
]
