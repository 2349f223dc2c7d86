"""The team API's routes, under /api/v1/ (events/api_urls.py)."""

from django.urls import path

from events.teams import api

urlpatterns = [
    path("events/<slug:slug>/team/", api.TeamListView.as_view(), name="api-team"),
    path(
        "events/<slug:slug>/team/<int:member_id>/",
        api.TeamDetailView.as_view(),
        name="api-team-member",
    ),
    path(
        "events/<slug:slug>/team/invitations/",
        api.TeamInvitationListView.as_view(),
        name="api-team-invitations",
    ),
    path(
        "events/<slug:slug>/team/invitations/<int:invitation_id>/",
        api.TeamInvitationDetailView.as_view(),
        name="api-team-invitation",
    ),
]
