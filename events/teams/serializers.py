"""The team in the API: members (one row per person and role) and invitations.

`GET …/team/` lists memberships only; invitations are not members and are listed apart,
at `…/team/invitations/`, each with its `status`. `POST …/team/` invites: it answers
with the invitation (`status` "pending", `expires_at`), not with a member. The link's
secret is sent to the invited address only, never answered.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api_fields import StrictChoiceField, StrictEmailField, strict_field_mapping
from events.teams.models import InvitationStatus, Role, TeamInvitation, TeamMembership
from events.teams.services import member_name


class TeamMemberSerializer(serializers.ModelSerializer):
    """A person's role on the event; PATCH changes `role`."""

    serializer_field_mapping = strict_field_mapping()
    serializer_choice_field = StrictChoiceField

    person = serializers.IntegerField(
        source="user_id", read_only=True, help_text="The person's id: one row per role held."
    )
    name = serializers.SerializerMethodField()
    email = serializers.EmailField(source="user.email", read_only=True)
    joined = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = TeamMembership
        fields = ["id", "person", "name", "email", "role", "joined"]
        read_only_fields = ["id"]

    def get_validators(self):
        # One membership per person and role is the service's rule, with its message.
        return []

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, membership: TeamMembership) -> str:
        return member_name(membership.user)


class TeamInvitationSerializer(serializers.ModelSerializer):
    """POST `{email, role}` invites the address; the answer is the invitation."""

    email = StrictEmailField(max_length=254)
    role = StrictChoiceField(choices=Role.choices)
    status = serializers.ChoiceField(choices=InvitationStatus.choices, read_only=True)
    invited_by = serializers.CharField(source="invited_by_label", read_only=True)

    class Meta:
        model = TeamInvitation
        fields = ["id", "email", "role", "status", "invited_by", "expires_at", "created_at"]
        read_only_fields = ["id", "expires_at", "created_at"]

    def get_validators(self):
        return []
