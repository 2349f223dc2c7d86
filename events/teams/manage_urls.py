"""The team page and the invitation's page; in the `manage` namespace (events/manage_urls.py)."""

from django.urls import path

from events.teams import views

urlpatterns = [
    # `invitations/` is a reserved first segment: no event may take it as its slug.
    path("invitations/<str:token>/", views.team_invitation, name="team-invitation"),
    path("<slug:slug>/settings/team/", views.team, name="team"),
    path(
        "<slug:slug>/settings/team/<int:member_id>/role/",
        views.team_member_role,
        name="team-member-role",
    ),
    path(
        "<slug:slug>/settings/team/<int:member_id>/remove/",
        views.team_member_delete,
        name="team-member-remove",
    ),
    path(
        "<slug:slug>/settings/team/invitations/<int:invitation_id>/resend/",
        views.team_invitation_send_again,
        name="team-invitation-resend",
    ),
    path(
        "<slug:slug>/settings/team/invitations/<int:invitation_id>/cancel/",
        views.team_invitation_cancel,
        name="team-invitation-cancel",
    ),
]
