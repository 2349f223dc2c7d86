"""The team API (admin): `GET`/`POST …/team/`, `GET`/`PATCH`/`DELETE …/team/<id>/`,
`GET …/team/invitations/`, `GET`/`DELETE …/team/invitations/<id>/`.

A row of `team/` is one person's one role. POST invites by email (see
events.teams.serializers); PATCH changes the role; DELETE takes the role away. The last
administrator can be neither removed nor given another role: 409 `last_admin`. The
invitations are listed apart, each with its `status` (pending, accepted, revoked,
expired); DELETE cancels one (its link stops working, the row stays).
"""

from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from events.api_views import RefusalSerializer
from events.setup.resources import SetupDetailView, SetupListView, SetupResource
from events.teams.invitations import team_invitation_create, team_invitation_revoke
from events.teams.selectors import team_invitations, team_members
from events.teams.serializers import TeamInvitationSerializer, TeamMemberSerializer
from events.teams.services import team_member_remove, team_member_role_change

LAST_ADMIN = OpenApiResponse(
    RefusalSerializer, description="The event's last administrator stays (`last_admin`)."
)


class _Team:
    serializer_class = TeamMemberSerializer

    def rows(self):
        return team_members(event=self.event)


@extend_schema_view(
    get=extend_schema(
        summary="The event's team: one row per person and role (admin); no invitations",
        responses=TeamMemberSerializer(many=True),
    ),
    post=extend_schema(
        summary="Invite a person by email with a role (admin); answers the invitation",
        request=TeamInvitationSerializer,
        responses={201: TeamInvitationSerializer},
    ),
)
class TeamListView(_Team, SetupListView):
    def post(self, request, slug: str):
        body = TeamInvitationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        invitation = team_invitation_create(
            event=self.event,
            email=body.validated_data["email"],
            role=body.validated_data["role"],
            actor=self.actor,
            language=translation.get_language(),
        )
        return Response(TeamInvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="One role of a team member (admin)", responses=TeamMemberSerializer),
    patch=extend_schema(
        summary="Give a team member another role in place of this one (admin)",
        responses={200: TeamMemberSerializer, 409: LAST_ADMIN},
    ),
    delete=extend_schema(
        summary="Take this role away from a team member (admin)",
        responses={204: None, 409: LAST_ADMIN},
    ),
)
class TeamDetailView(_Team, SetupDetailView):
    lookup_url_kwarg = "member_id"

    def update(self, row, changes):
        if "role" not in changes:
            return row
        return team_member_role_change(
            event=self.event, membership_id=row.pk, role=changes["role"], actor=self.actor
        )

    def remove(self, row):
        team_member_remove(event=self.event, membership_id=row.pk, actor=self.actor)


class _Invitations:
    serializer_class = TeamInvitationSerializer

    def rows(self):
        return team_invitations(event=self.event)


@extend_schema_view(
    get=extend_schema(
        summary="The event's team invitations, newest first, each with its status (admin)",
        responses=TeamInvitationSerializer(many=True),
    ),
)
class TeamInvitationListView(_Invitations, SetupResource):
    def get(self, request, slug: str):
        page = self.paginate_queryset(self.rows())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    get=extend_schema(summary="One team invitation (admin)", responses=TeamInvitationSerializer),
    delete=extend_schema(
        summary="Cancel a team invitation (admin): its link stops working, the row stays",
        responses={
            204: None,
            409: OpenApiResponse(
                RefusalSerializer, description="Already accepted (`invitation_accepted`)."
            ),
        },
    ),
)
class TeamInvitationDetailView(_Invitations, SetupResource):
    def get(self, request, slug: str, invitation_id: int):
        return Response(self.get_serializer(self._invitation(invitation_id)).data)

    def delete(self, request, slug: str, invitation_id: int):
        invitation = self._invitation(invitation_id)
        team_invitation_revoke(event=self.event, invitation_id=invitation.pk, actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _invitation(self, invitation_id: int):
        return get_object_or_404(self.rows(), pk=invitation_id)
