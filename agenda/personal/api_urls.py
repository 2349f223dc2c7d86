"""Personal agenda API routes, included under /api/v1/ (agenda/api_urls.py)."""

from django.urls import path

from agenda.personal import api

urlpatterns = [
    path("me/<str:token>/agenda/", api.PersonalAgendaView.as_view(), name="api-personal-agenda"),
    path(
        "me/<str:token>/agenda/<int:session_id>/",
        api.PersonalAgendaItemView.as_view(),
        name="api-personal-agenda-item",
    ),
]
