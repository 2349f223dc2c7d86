"""Session API routes (released and draft), included under /api/v1/ (agenda/api_urls.py)."""

from django.urls import path

from agenda.programme import api

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
]
