"""A delegation in the setup API: read and write, with its quotas per category.

`quotas` is `{category slug: places allowed}` (a category absent has no limit; on write,
`null` lifts a limit and the categories not named keep theirs); `used` is, for every
category of the event, how many members hold a place. The head is named by their
registration's reference. Rules across rows (a name taken, a head of another summit, a
quota below what is used, a category the summit lacks) are the services'.
"""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api_fields import StrictCharField, StrictChoiceField
from events.setup.serializers import READ_ONLY, SetupSerializer
from events.summit.models import RegistrationCategory
from events.translated.serializers import TranslatedSerializerField
from registrations.delegations.models import Delegation
from registrations.delegations.quotas import places_used
from registrations.delegations.services import DELEGATION_FIELDS


def _places_map(description: str, *, nullable: bool = False) -> dict:
    places = {"type": "integer", "minimum": 0}
    if nullable:
        places["nullable"] = True
    return {"type": "object", "description": description, "additionalProperties": places}


@extend_schema_field(
    _places_map(
        "Places allowed per category, keyed by category slug; a category absent has no "
        "limit. On write, the categories named are set (null lifts the limit), the others "
        "stay as they are.",
        nullable=True,
    )
)
class QuotasField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, delegation: Delegation) -> dict:
        return {quota.category.slug: quota.allowed for quota in delegation.quotas.all()}

    def to_internal_value(self, data) -> dict:
        if not isinstance(data, dict):
            raise serializers.ValidationError(_("Enter an object keyed by category slug."))
        errors = {}
        for slug, allowed in data.items():
            if allowed is not None and (
                isinstance(allowed, bool) or not isinstance(allowed, int) or allowed < 0
            ):
                errors[slug] = [_("Enter a whole number of places, 0 or more.")]
        if errors:
            raise serializers.ValidationError(errors)
        return {"quotas": dict(data)}


@extend_schema_field(
    _places_map("Members holding a place (pending, in vetting or approved), per category slug.")
)
class UsedField(serializers.Field):
    """Counted once per request for the whole event (`context["event"]`), then read."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, delegation: Delegation) -> dict:
        cache = self.context.setdefault("quota_cache", {})
        if "used" not in cache:
            cache["used"] = places_used(event=delegation.event)
            cache["categories"] = list(
                RegistrationCategory.objects.filter(event_id=delegation.event_id).values_list(
                    "pk", "slug"
                )
            )
        used = cache["used"]
        return {slug: used.get((delegation.pk, pk), 0) for pk, slug in cache["categories"]}


class DelegationSerializer(SetupSerializer):
    name = TranslatedSerializerField(max_length=200)
    country = StrictChoiceField(
        choices=[code for code, _name in countries],
        required=False,
        allow_blank=True,
        help_text="ISO 3166-1 alpha-2 code, e.g. AE; empty for an organization.",
        error_messages={
            "invalid_choice": _("“{input}” is not an ISO 3166-1 alpha-2 country code.")
        },
    )
    head = StrictCharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=40,
        help_text="The head's registration reference (of this event); null or empty: none.",
    )
    head_name = serializers.CharField(source="head.display_name", read_only=True, allow_null=True)
    quotas = QuotasField()
    used = UsedField()

    class Meta:
        model = Delegation
        fields = [
            "id",
            *DELEGATION_FIELDS,
            "name_text",
            "head",
            "head_name",
            "quotas",
            "used",
            "join_code",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [*READ_ONLY, "join_code"]

    def to_representation(self, delegation: Delegation) -> dict:
        data = super().to_representation(delegation)
        data["head"] = delegation.head.reference if delegation.head_id else None
        data["country"] = delegation.country.code or ""
        return data
