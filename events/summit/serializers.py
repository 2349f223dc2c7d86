from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.summit.models import AccessZone, Event, RegistrationCategory


@extend_schema_field(
    {
        "type": "object",
        "properties": {"en": {"type": "string"}, "ar": {"type": "string"}},
        "required": ["en", "ar"],
    }
)
class BilingualField(serializers.Field):
    """Both languages of a `<name>_en` / `<name>_ar` pair: `{"en": …, "ar": …}`.

    `<name>` is the field's name, or its `source` (`BilingualField(source="room_name")`).
    """

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return {
            "en": getattr(instance, f"{self.source}_en"),
            "ar": getattr(instance, f"{self.source}_ar"),
        }


class AccessZoneSerializer(serializers.ModelSerializer):
    name = BilingualField()

    class Meta:
        model = AccessZone
        fields = ["slug", "name", "colour", "is_main_entrance"]


class PublicCategorySerializer(serializers.ModelSerializer):
    name = BilingualField()
    zones = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = RegistrationCategory
        fields = ["slug", "name", "badge_colour", "zones", "requires_approval", "invitation_only"]


class EventSerializer(serializers.ModelSerializer):
    name = BilingualField()
    description = BilingualField()
    venue_name = BilingualField()
    registration_open = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "name",
            "description",
            "venue_name",
            "venue_address",
            "timezone",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "registration_open",
            "url",
        ]

    def get_registration_open(self, event: Event) -> bool:
        return event.is_registration_open()

    def get_url(self, event: Event) -> str:
        request = self.context.get("request")
        path = event.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class EventDetailSerializer(EventSerializer):
    zones = AccessZoneSerializer(many=True, read_only=True)
    categories = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "zones", "categories"]

    @extend_schema_field(PublicCategorySerializer(many=True))
    def get_categories(self, event: Event):
        public = [category for category in event.categories.all() if category.is_public]
        return PublicCategorySerializer(public, many=True).data
