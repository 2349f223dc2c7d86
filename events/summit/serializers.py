import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api_fields import StrictChoiceField, StrictSlugField
from events.summit.models import AccessZone, Event, RegistrationCategory
from events.translated.serializers import TranslatedSerializerField, TranslatedStringField
from events.translated.validation import main_language_missing


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


MAIN_LANGUAGE_NOT_OFFERED = _("The main language must be one of the event's languages.")


def time_zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())


class TextInChosenLanguageField(TranslatedSerializerField):
    """Translated text of a summit not created yet: its main language is the body's
    `main_language`, checked by the serializer once that is read."""

    def to_internal_value(self, data) -> dict:
        required, self.required = self.required, False
        try:
            return super().to_internal_value(data)
        finally:
            self.required = required


class EventCreateSerializer(serializers.Serializer):
    """The body of `POST /api/v1/events/`: a new summit, blank or as a copy. Rules across
    fields and summits (the slug free, the main language one of the languages) are the
    service's."""

    slug = StrictSlugField(
        max_length=80, help_text="The summit's address: /e/<slug>/ and /manage/<slug>/."
    )
    name = TextInChosenLanguageField(max_length=200, help_text="Required in the main language.")
    venue_name = TextInChosenLanguageField(
        max_length=200, help_text="Required in the main language."
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    timezone = StrictChoiceField(choices=[], help_text="An IANA time zone, such as Asia/Dubai.")
    languages = serializers.ListField(
        child=StrictChoiceField(choices=settings.LANGUAGES), min_length=1, max_length=10
    )
    main_language = StrictChoiceField(choices=settings.LANGUAGES)
    copy_from = StrictSlugField(
        max_length=80,
        required=False,
        allow_null=True,
        help_text=(
            "The slug of a summit you administer (an admin token: its own summit) whose zones, "
            "categories, ranks, questions, rooms, tracks and other settings are copied. "
            "People are never copied."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = time_zone_names()

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        # The translated fields' main language is the one chosen in this body.
        main = values["main_language"]
        if main not in values["languages"]:
            raise serializers.ValidationError({"main_language": [MAIN_LANGUAGE_NOT_OFFERED]})
        missing = {
            name: main_language_missing(main).messages
            for name in ("name", "venue_name")
            if not values[name].get(main)
        }
        if missing:
            raise serializers.ValidationError(missing)
        return values


class EventCreatedSerializer(EventSerializer):
    is_published = serializers.BooleanField(read_only=True, help_text="A new summit is a draft.")
    manage_url = serializers.SerializerMethodField()
    admin_token = serializers.SerializerMethodField(
        help_text=(
            "Created with an API token: a new admin token of the new summit (tokens are per "
            "summit), shown this once. Null when created by a signed-in organizer."
        )
    )

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "is_published", "manage_url", "admin_token"]

    def get_manage_url(self, event: Event) -> str:
        path = reverse("manage:event-settings", kwargs={"slug": event.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_admin_token(self, event: Event) -> str | None:
        return self.context.get("admin_token")
