"""Sessions in the API: as the current release publishes them, and the draft to edit."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from agenda.calendars.ics import session_uid
from agenda.programme.interpretation import (
    ChannelInput,
    channel_problems,
    interpretation_language_name,
    is_known_language,
    unknown_language_message,
)
from agenda.programme.models import Room, Session, SpeakerRole, Track
from agenda.programme.services import ROOM_FIELDS, SESSION_FIELDS, TRACK_FIELDS
from agenda.releases.models import SessionRelease
from events.absolute_urls import request_absolute_url
from events.api_fields import (
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    strict_field_mapping,
)
from events.setup.serializers import READ_ONLY, SetupSerializer
from events.summit.models import AccessZone, Event, RegistrationCategory
from events.translated.serializers import TranslatedSerializerField, TranslatedStringField


class SessionFilterQuerySerializer(serializers.Serializer):
    day = serializers.DateField(required=False, help_text="In the event's time zone.")
    track = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="track slug"
    )
    room = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="room slug"
    )
    kind = serializers.CharField(required=False, allow_blank=True, default="")
    speaker = serializers.IntegerField(required=False, help_text="speaker id")
    interpretation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=15,
        help_text="language code: the sessions one can follow in it, spoken on the floor "
        "or interpreted",
    )


class ReleasedSpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="registration")
    name = serializers.CharField()
    name_ar = serializers.CharField()
    organization = serializers.CharField()
    role = serializers.ChoiceField(choices=SpeakerRole.choices)
    order = serializers.IntegerField()


class ReleasedChannelSerializer(serializers.Serializer):
    """A language the released session is interpreted into."""

    language = serializers.CharField()
    language_name = serializers.SerializerMethodField()
    channel = serializers.CharField()
    stream_url = serializers.CharField()

    def get_language_name(self, row) -> str:
        return interpretation_language_name(row["language"])


class ReleasedRoomSerializer(serializers.Serializer):
    """The room as the release copied it; null when the session has none."""

    slug = serializers.CharField(source="room_slug")
    name = TranslatedSerializerField(source="room_name", read_only=True)
    name_text = TranslatedStringField(source="room_name")

    def get_attribute(self, snapshot):
        return snapshot if snapshot.room_slug else None


class ReleasedTrackSerializer(serializers.Serializer):
    """The track as the release copied it; null when the session has none."""

    slug = serializers.CharField(source="track_slug")
    name = TranslatedSerializerField(source="track_name", read_only=True)
    name_text = TranslatedStringField(source="track_name")
    colour = serializers.CharField(source="track_colour")

    def get_attribute(self, snapshot):
        return snapshot if snapshot.track_slug else None


class ReleasedSessionSerializer(serializers.ModelSerializer):
    """A session as the current release publishes it."""

    id = serializers.IntegerField(source="session_id", read_only=True)
    uid = serializers.SerializerMethodField()
    title = TranslatedSerializerField(read_only=True)
    title_text = TranslatedStringField(source="title")
    abstract = TranslatedSerializerField(read_only=True)
    abstract_text = TranslatedStringField(source="abstract")
    room = ReleasedRoomSerializer(read_only=True, allow_null=True)
    track = ReleasedTrackSerializer(read_only=True, allow_null=True)
    speakers = ReleasedSpeakerSerializer(many=True, read_only=True)
    floor_language_name = serializers.CharField(read_only=True)
    interpretation = ReleasedChannelSerializer(many=True, read_only=True)
    last_modified = serializers.DateTimeField(source="last_modified_at", read_only=True)
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = SessionRelease
        fields = [
            "id",
            "uid",
            "title",
            "title_text",
            "abstract",
            "abstract_text",
            "kind",
            "starts_at",
            "ends_at",
            "room",
            "track",
            "status",
            "capacity",
            "visibility",
            "speakers",
            "floor_language",
            "floor_language_name",
            "interpretation",
            "sequence",
            "last_modified",
            "url",
            "ics_url",
        ]
        read_only_fields = fields

    def get_uid(self, snapshot) -> str:
        return session_uid(snapshot)

    def _event(self) -> Event:
        return self.context["event"]

    def get_url(self, snapshot) -> str:
        path = reverse(
            "agenda:session", kwargs={"slug": self._event().slug, "session_id": snapshot.session_id}
        )
        return request_absolute_url(self.context.get("request"), path)

    def get_ics_url(self, snapshot) -> str:
        path = reverse(
            "agenda:session-ics",
            kwargs={"slug": self._event().slug, "session_id": snapshot.session_id},
        )
        return request_absolute_url(self.context.get("request"), path)


class RegistrationReferenceField(StrictCharField):
    """A registration by its reference: written as the reference, read from the registration."""

    def to_representation(self, registration) -> str:
        return registration.reference


# "SpeakerWrite": the component's name since it was the input alone; clients know it.
@extend_schema_serializer(component_name="SpeakerWrite")
class DraftSpeakerSerializer(serializers.Serializer):
    """A speaker of a draft session; the name is read, never written."""

    registration = RegistrationReferenceField(
        max_length=16, help_text="The registration reference."
    )
    name = serializers.CharField(source="registration.display_name", read_only=True)
    role = StrictChoiceField(choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    order = StrictIntegerField(min_value=0, max_value=999, default=0)


class DraftChannelSerializer(serializers.Serializer):
    """An interpretation channel of a draft session: a language and its channel or stream."""

    language = StrictCharField(max_length=15, help_text="language code, for example fr")
    channel = StrictCharField(max_length=20, required=False, allow_blank=True, default="")
    stream_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")

    def validate_language(self, value: str) -> str:
        if not is_known_language(value):
            raise serializers.ValidationError(unknown_language_message(value))
        return value


class DraftSessionSerializer(serializers.ModelSerializer):
    """A draft session for programme managers; rooms, tracks and categories by slug."""

    serializer_field_mapping = strict_field_mapping()
    serializer_choice_field = StrictChoiceField

    room = serializers.SlugRelatedField(
        slug_field="slug", queryset=Room.objects.none(), allow_null=True, required=False
    )
    track = serializers.SlugRelatedField(
        slug_field="slug", queryset=Track.objects.none(), allow_null=True, required=False
    )
    invited_categories = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=RegistrationCategory.objects.none(), required=False
    )
    title = TranslatedSerializerField(max_length=250)
    abstract = TranslatedSerializerField(required=False)
    speakers = DraftSpeakerSerializer(many=True, required=False)
    floor_language = StrictCharField(
        max_length=15,
        required=False,
        allow_blank=True,
        help_text="language code; empty or left out on creation: the event's main language",
    )
    interpretation = DraftChannelSerializer(many=True, required=False)

    class Meta:
        model = Session
        # The session's own fields are the ones the programme's services write.
        fields = [
            "id",
            "uid",
            *SESSION_FIELDS,
            "invited_categories",
            "speakers",
            "interpretation",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "uid", "created_at", "updated_at"]
        # Cross-field rules (end after start, overlaps) are the service's, with its messages.
        validators = []

    def __init__(self, *args, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if event is not None:
            self.fields["room"].queryset = Room.objects.filter(event=event)
            self.fields["track"].queryset = Track.objects.filter(event=event)
            self.fields["invited_categories"].child_relation.queryset = event.categories.all()

    def get_validators(self):
        return []

    def validate_floor_language(self, value: str) -> str:
        if value and not is_known_language(value):
            raise serializers.ValidationError(unknown_language_message(value))
        return value

    def validate(self, attrs):
        """Each channel's rule broken, on its row and field (the service checks again)."""
        if "interpretation" not in attrs and "floor_language" not in attrs:
            return attrs
        floor = attrs.get("floor_language", getattr(self.instance, "floor_language", ""))
        if not floor and self.event is not None:
            floor = self.event.main_language
        if "interpretation" in attrs:
            channels = [ChannelInput(**row) for row in attrs["interpretation"]]
        elif self.instance is not None:
            channels = [
                ChannelInput(row.language, row.channel, row.stream_url)
                for row in self.instance.interpretation.all()
            ]
        else:
            channels = []
        problems = channel_problems(floor_language=floor, channels=channels)
        if problems:
            # Keyed by row, as DRF names a bad item of a list.
            rows = {}
            for index, field, message in problems:
                rows.setdefault(str(index), {}).setdefault(field, []).append(message)
            raise serializers.ValidationError({"interpretation": rows})
        return attrs


class RoomSerializer(SetupSerializer):
    """A room in the setup API; its access zone by slug (null: none)."""

    zone = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=AccessZone.objects.none(),
        allow_null=True,
        required=False,
        help_text="The zone whose badge scan admits to this room, by slug.",
    )

    class Meta:
        model = Room
        fields = ["id", *ROOM_FIELDS, "name_text", "created_at", "updated_at"]
        read_only_fields = READ_ONLY

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.context.get("event")
        if event is not None:
            self.fields["zone"].queryset = AccessZone.objects.filter(event=event)


class TrackSerializer(SetupSerializer):
    """A track in the setup API."""

    class Meta:
        model = Track
        fields = ["id", *TRACK_FIELDS, "name_text", "created_at", "updated_at"]
        read_only_fields = READ_ONLY
