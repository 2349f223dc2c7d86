"""Sessions in the API: as the current release publishes them, and the draft's input."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agenda.calendars.ics import session_uid
from agenda.programme.models import Room, Session, SpeakerRole, Track
from agenda.releases.models import SessionRelease
from events.summit.models import Event, RegistrationCategory
from events.summit.serializers import BilingualField


def _absolute(request, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


class ReleasedSpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="registration")
    name = serializers.CharField()
    name_ar = serializers.CharField()
    organization = serializers.CharField()
    role = serializers.ChoiceField(choices=SpeakerRole.choices)
    order = serializers.IntegerField()


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "object", "properties": {"en": {}, "ar": {}}},
        },
    }
)
class _RoomField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, snapshot):
        if not snapshot.room_slug:
            return None
        return {
            "slug": snapshot.room_slug,
            "name": {"en": snapshot.room_name_en, "ar": snapshot.room_name_ar},
        }


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "object", "properties": {"en": {}, "ar": {}}},
            "colour": {"type": "string"},
        },
    }
)
class _TrackField(_RoomField):
    def to_representation(self, snapshot):
        if not snapshot.track_slug:
            return None
        return {
            "slug": snapshot.track_slug,
            "name": {"en": snapshot.track_name_en, "ar": snapshot.track_name_ar},
            "colour": snapshot.track_colour,
        }


class ReleasedSessionSerializer(serializers.ModelSerializer):
    """A session as the current release publishes it."""

    id = serializers.IntegerField(source="session_id", read_only=True)
    uid = serializers.SerializerMethodField()
    title = BilingualField()
    abstract = BilingualField()
    room = _RoomField()
    track = _TrackField()
    speakers = ReleasedSpeakerSerializer(many=True, read_only=True)
    last_modified = serializers.DateTimeField(source="last_modified_at", read_only=True)
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = SessionRelease
        fields = [
            "id",
            "uid",
            "title",
            "abstract",
            "kind",
            "starts_at",
            "ends_at",
            "room",
            "track",
            "status",
            "capacity",
            "visibility",
            "speakers",
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
        return _absolute(self.context.get("request"), path)

    def get_ics_url(self, snapshot) -> str:
        path = reverse(
            "agenda:session-ics",
            kwargs={"slug": self._event().slug, "session_id": snapshot.session_id},
        )
        return _absolute(self.context.get("request"), path)


class SpeakerWriteSerializer(serializers.Serializer):
    registration = serializers.CharField(max_length=16, help_text="The registration reference.")
    role = serializers.ChoiceField(choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    order = serializers.IntegerField(min_value=0, max_value=999, default=0)


class DraftSessionSerializer(serializers.ModelSerializer):
    """A draft session for programme managers; rooms, tracks and categories by slug."""

    room = serializers.SlugRelatedField(
        slug_field="slug", queryset=Room.objects.none(), allow_null=True, required=False
    )
    track = serializers.SlugRelatedField(
        slug_field="slug", queryset=Track.objects.none(), allow_null=True, required=False
    )
    invited_categories = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=RegistrationCategory.objects.none(), required=False
    )
    speakers = SpeakerWriteSerializer(many=True, required=False)

    class Meta:
        model = Session
        fields = [
            "id",
            "uid",
            "title_en",
            "title_ar",
            "abstract_en",
            "abstract_ar",
            "kind",
            "starts_at",
            "ends_at",
            "room",
            "track",
            "status",
            "capacity",
            "visibility",
            "invited_categories",
            "speakers",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "uid", "created_at", "updated_at"]
        # Cross-field rules (end after start, overlaps) are the service's, with its messages.
        validators = []

    def __init__(self, *args, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None:
            self.fields["room"].queryset = Room.objects.filter(event=event)
            self.fields["track"].queryset = Track.objects.filter(event=event)
            self.fields["invited_categories"].child_relation.queryset = event.categories.all()

    def get_validators(self):
        return []

    def to_representation(self, session):
        data = super().to_representation(session)
        data["speakers"] = [
            {
                "registration": speaker.registration.reference,
                "name": speaker.registration.display_name,
                "role": speaker.role,
                "order": speaker.order,
            }
            for speaker in session.speakers.all()
        ]
        return data
