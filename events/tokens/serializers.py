"""API tokens in the API: what an admin reads of a token (never its key, which is kept
nowhere), and the one answer that carries the key: the one to the POST that issued it."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api_fields import (
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    strict_field_mapping,
)
from events.teams.models import Role
from events.tokens.models import ApiToken


class ApiTokenSerializer(serializers.ModelSerializer):
    serializer_field_mapping = strict_field_mapping()
    serializer_choice_field = StrictChoiceField

    label = StrictCharField(max_length=120, help_text="Who or which device uses it.")
    role = StrictChoiceField(choices=Role.choices)
    offline = StrictBooleanField(
        required=False,
        default=False,
        help_text="May download the offline check-in package (check-in tokens only).",
    )
    created_by = serializers.SerializerMethodField()
    active = serializers.BooleanField(source="is_active", read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "label",
            "role",
            "offline",
            "prefix",
            "active",
            "created_by",
            "created_at",
            "last_used_at",
            "revoked_at",
        ]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at", "revoked_at"]

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="null: a token issued it.")
    )
    def get_created_by(self, token: ApiToken) -> str | None:
        user = token.created_by
        if user is None:
            return None
        return user.get_full_name() or user.get_username()


class ApiTokenChangeSerializer(ApiTokenSerializer):
    """PATCH: a token is renamed; its role and offline flag stay (issue another instead)."""

    role = StrictChoiceField(choices=Role.choices, read_only=True)
    offline = serializers.BooleanField(read_only=True)


class ApiTokenIssuedSerializer(ApiTokenSerializer):
    """The answer to the POST that issued the token: with its key, this once."""

    token = serializers.SerializerMethodField(
        help_text="The key, for `Authorization: Bearer <token>`. Shown once: keep it now."
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_token(self, token: ApiToken) -> str:
        return self.context["raw"]
