"""An event's categories, zones and ranks in the API: one serializer each, read and write.

Translated names are objects keyed by language (`name`), with the text in the reader's
language beside them (`name_text`); zones are named by slug, as everywhere in the API.
Rules across rows (a slug taken, a second main entrance) are the services'.
"""

from rest_framework import serializers

from events.api_fields import StrictChoiceField, strict_field_mapping
from events.setup.services import CATEGORY_FIELDS, RANK_FIELDS, ZONE_FIELDS
from events.summit.models import AccessZone, ProtocolRank, RegistrationCategory
from events.translated.serializers import TranslatedSerializerField, TranslatedStringField

READ_ONLY = ["id", "name_text", "created_at", "updated_at"]


class SetupSerializer(serializers.ModelSerializer):
    """Strict JSON types; the event (`context["event"]`) scopes what a slug may name."""

    serializer_field_mapping = strict_field_mapping()
    serializer_choice_field = StrictChoiceField

    name = TranslatedSerializerField(max_length=120)
    name_text = TranslatedStringField(source="name")

    def get_validators(self):
        # A slug unique per event is the service's rule, with its message.
        return []


class CategorySerializer(SetupSerializer):
    zones = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=AccessZone.objects.none(),
        required=False,
        help_text="The zones a badge of this category opens, by slug.",
    )

    class Meta:
        model = RegistrationCategory
        fields = ["id", *CATEGORY_FIELDS, "name_text", "zones", "created_at", "updated_at"]
        read_only_fields = READ_ONLY

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.context.get("event")
        if event is not None:
            self.fields["zones"].child_relation.queryset = AccessZone.objects.filter(event=event)


class ZoneSerializer(SetupSerializer):
    class Meta:
        model = AccessZone
        fields = ["id", *ZONE_FIELDS, "name_text", "created_at", "updated_at"]
        read_only_fields = READ_ONLY


class RankSerializer(SetupSerializer):
    class Meta:
        model = ProtocolRank
        fields = ["id", *RANK_FIELDS, "name_text", "created_at", "updated_at"]
        read_only_fields = READ_ONLY
