"""The public programme: the agenda, a session, a speaker; in the `agenda` namespace
(agenda/urls.py)."""

from django.urls import path

from agenda.programme import views

urlpatterns = [
    path("e/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("e/<slug:slug>/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("e/<slug:slug>/speakers/<int:speaker_id>/", views.speaker_detail, name="speaker"),
    path(
        "e/<slug:slug>/speakers/<int:speaker_id>/photo",
        views.speaker_photo,
        name="speaker-photo",
    ),
]
