"""Session API routes (released and draft), and the setup API's rooms and tracks, included
under /api/v1/ (agenda/api_urls.py)."""

from django.urls import path

from agenda.programme import api, setup_api

urlpatterns = [
    path(
        "events/<slug:slug>/sessions/",
        api.ReleasedSessionListView.as_view(),
        name="api-sessions",
    ),
    path(
        "events/<slug:slug>/sessions/<int:session_id>/",
        api.ReleasedSessionDetailView.as_view(),
        name="api-session",
    ),
    path(
        "events/<slug:slug>/draft/sessions/",
        api.DraftSessionListView.as_view(),
        name="api-draft-sessions",
    ),
    path(
        "events/<slug:slug>/draft/sessions/<int:session_id>/",
        api.DraftSessionDetailView.as_view(),
        name="api-draft-session",
    ),
    path("events/<slug:slug>/rooms/", setup_api.RoomListView.as_view(), name="api-rooms"),
    path(
        "events/<slug:slug>/rooms/<int:room_id>/",
        setup_api.RoomDetailView.as_view(),
        name="api-room",
    ),
    path("events/<slug:slug>/tracks/", setup_api.TrackListView.as_view(), name="api-tracks"),
    path(
        "events/<slug:slug>/tracks/<int:track_id>/",
        setup_api.TrackDetailView.as_view(),
        name="api-track",
    ),
]
