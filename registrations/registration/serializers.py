from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registrations.registration.models import Honorific, Language, Registration
from registrations.registration.services import RegistrationInput
from registrations.registration.text_fields import (  # noqa: F401 (vehicles/api.py imports it here)
    NormalizedSerializerField as NormalizedCharField,
)
from registrations.registration.text_fields import api_text_field as text_field


class RegistrationCreateSerializer(serializers.Serializer):
    """The public registration body, as in the contract."""

    first_name = text_field("first_name", max_length=100)
    last_name = text_field("last_name", max_length=100)
    email = serializers.EmailField(max_length=254)
    organization = text_field("organization", max_length=200)
    job_title = text_field("job_title", max_length=200)
    country = serializers.ChoiceField(
        choices=[code for code, _name in countries],
        help_text="ISO 3166-1 alpha-2 code, e.g. AE.",
        error_messages={
            "invalid_choice": _("“{input}” is not an ISO 3166-1 alpha-2 country code.")
        },
    )
    category = serializers.SlugField(max_length=50, help_text="A category slug of the event.")
    consent = serializers.BooleanField(help_text="Must be true.")
    title = serializers.ChoiceField(choices=Honorific.choices, required=False, allow_blank=True)
    name_ar = text_field("name_ar", max_length=200, required=False, allow_blank=True)
    phone = serializers.RegexField(
        r"^\+?[0-9 ()\-.]{5,32}$",
        max_length=32,
        required=False,
        allow_blank=True,
        error_messages={
            "invalid": _("Enter a phone number with digits, spaces and an optional +.")
        },
    )
    language = serializers.ChoiceField(choices=Language.choices, required=False, default="en")
    invitation_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    delegation = serializers.CharField(
        max_length=16, required=False, allow_blank=True, help_text="A delegation's joining code."
    )
    dietary_needs = text_field("dietary_needs", max_length=300, required=False, allow_blank=True)
    accessibility_needs = text_field(
        "accessibility_needs", max_length=300, required=False, allow_blank=True
    )
    answers = serializers.DictField(
        required=False,
        help_text="Answers to the event's questions, keyed by question id.",
    )

    def validate_consent(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError(
                _("You must agree to the processing of your data to register.")
            )
        return value

    def validate_answers(self, value: dict) -> dict[int, object]:
        answers = {}
        for key, answer in value.items():
            if not str(key).isdigit():
                raise serializers.ValidationError(_("Answers are keyed by question id."))
            answers[int(key)] = answer
        return answers

    def to_input(self) -> RegistrationInput:
        data = dict(self.validated_data)
        return RegistrationInput(**{"answers": {}, **data})


class RegistrationCreatedSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "reference",
            "status",
            "event",
            "category",
            "first_name",
            "last_name",
            "created_at",
        ]


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration as an accreditation officer sees it."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="country.code")
    delegation = serializers.SerializerMethodField()
    protocol_rank = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Registration
        fields = [
            "reference",
            "status",
            "vetting_state",
            "protocol_rank",
            "protocol_order",
            "status_changed_at",
            "decision_reason",
            "reason_visible",
            "category",
            "title",
            "first_name",
            "last_name",
            "name_ar",
            "email",
            "phone",
            "organization",
            "job_title",
            "country",
            "language",
            "delegation",
            "dietary_needs",
            "accessibility_needs",
            "consent_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_delegation(self, registration: Registration) -> str | None:
        return registration.delegation.name_en if registration.delegation_id else None


class ProtocolSerializer(serializers.Serializer):
    rank = serializers.SlugField(max_length=50, allow_blank=True)
    order = serializers.IntegerField(required=False, allow_null=True, default=None)


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    reason_visible = serializers.BooleanField(required=False, default=False)
