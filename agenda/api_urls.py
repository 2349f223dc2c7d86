from django.urls import path

from agenda import api

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
    path(
        "events/<slug:slug>/draft/release-preview/",
        api.ReleasePreviewView.as_view(),
        name="api-release-preview",
    ),
    path("events/<slug:slug>/releases/", api.ReleaseListView.as_view(), name="api-releases"),
    path("me/<str:token>/agenda/", api.PersonalAgendaView.as_view(), name="api-personal-agenda"),
    path(
        "me/<str:token>/agenda/<int:session_id>/",
        api.PersonalAgendaItemView.as_view(),
        name="api-personal-agenda-item",
    ),
]
