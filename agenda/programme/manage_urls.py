"""Programme pages: sessions, speakers, rooms, tracks; in the `manage_agenda` namespace
(agenda/manage_urls.py)."""

from django.urls import path

from agenda.programme import manage_views

urlpatterns = [
    path("<slug:slug>/agenda/", manage_views.index, name="index"),
    path("<slug:slug>/agenda/sessions/new/", manage_views.session_new, name="session-new"),
    path(
        "<slug:slug>/agenda/sessions/<int:session_id>/",
        manage_views.session_edit,
        name="session",
    ),
    path(
        "<slug:slug>/agenda/sessions/<int:session_id>/delete/",
        manage_views.session_remove,
        name="session-delete",
    ),
    path(
        "<slug:slug>/agenda/sessions/<int:session_id>/speakers/",
        manage_views.session_speaker_new,
        name="speaker-add",
    ),
    path(
        "<slug:slug>/agenda/sessions/<int:session_id>/speakers/<int:speaker_id>/remove/",
        manage_views.session_speaker_delete,
        name="speaker-remove",
    ),
    path("<slug:slug>/agenda/rooms/", manage_views.rooms, name="rooms"),
    path("<slug:slug>/agenda/rooms/<int:room_id>/", manage_views.rooms, name="room"),
    path("<slug:slug>/agenda/tracks/", manage_views.tracks, name="tracks"),
    path("<slug:slug>/agenda/tracks/<int:track_id>/", manage_views.tracks, name="track"),
]
