from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.summit.models import AccessZone, Event, RegistrationCategory
from events.translated.serializers import TranslatedSerializerField, TranslatedStringField


class AccessZoneSerializer(serializers.ModelSerializer):
    name = TranslatedSerializerField(read_only=True)
    name_text = TranslatedStringField(source="name")

    class Meta:
        model = AccessZone
        fields = ["slug", "name", "name_text", "colour", "is_main_entrance"]


class PublicCategorySerializer(serializers.ModelSerializer):
    name = TranslatedSerializerField(read_only=True)
    name_text = TranslatedStringField(source="name")
    zones = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = RegistrationCategory
        fields = [
            "slug",
            "name",
            "name_text",
            "badge_colour",
            "zones",
            "requires_approval",
            "invitation_only",
        ]


class EventSerializer(serializers.ModelSerializer):
    name = TranslatedSerializerField(read_only=True)
    name_text = TranslatedStringField(source="name")
    description = TranslatedSerializerField(read_only=True)
    description_text = TranslatedStringField(source="description")
    venue_name = TranslatedSerializerField(read_only=True)
    venue_name_text = TranslatedStringField(source="venue_name")
    languages = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Language codes, e.g. `fr`."
    )
    main_language = serializers.CharField(
        read_only=True, help_text="Where a text lacks the reader's language, it shows in this one."
    )
    badge_languages = serializers.ListField(
        child=serializers.CharField(),
        source="badge_language_codes",
        read_only=True,
        help_text="The languages of the badges' labels, first line first (at most two).",
    )
    registration_open = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "name",
            "name_text",
            "description",
            "description_text",
            "venue_name",
            "venue_name_text",
            "venue_address",
            "languages",
            "main_language",
            "badge_languages",
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
