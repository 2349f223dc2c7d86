from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api_fields import (
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictEmailField,
    StrictRegexField,
    StrictSlugField,
)
from events.summit.models import language_choices
from events.translated.serializers import TranslatedStringField
from registrations.questions.display import answer_text
from registrations.registration.forms_of_address import Gender, Honorific
from registrations.registration.models import Registration
from registrations.registration.services import RegistrationInput
from registrations.registration.text_fields import (  # noqa: F401 (vehicles/api.py imports it here)
    NormalizedSerializerField as NormalizedCharField,
)
from registrations.registration.text_fields import api_text_field as text_field


@extend_schema_field({"type": "object", "additionalProperties": {}})
class QuestionAnswersField(serializers.Field):
    """Answers keyed by question id (`{"12": "yes"}`), as `{12: "yes"}`; each answer is
    checked against its question by the service."""

    default_error_messages = {
        "not_a_dict": _('Expected a dictionary of items but got type "{input_type}".'),
        "not_a_question_id": _("Answers are keyed by question id."),
    }

    def to_internal_value(self, data) -> dict[int, object]:
        if not isinstance(data, dict):
            self.fail("not_a_dict", input_type=type(data).__name__)
        if not all(str(key).isdigit() for key in data):
            self.fail("not_a_question_id")
        return {int(key): answer for key, answer in data.items()}

    def to_representation(self, value: dict) -> dict:
        return {str(key): answer for key, answer in value.items()}


@extend_schema_field({"type": "boolean", "enum": [True]})
class ConsentField(StrictBooleanField):
    """JSON `true`: the only answer that registers (`"yes"`, 1 or false are refused)."""


class RegistrationCreateSerializer(serializers.Serializer):
    """The public registration body, as in the contract."""

    first_name = text_field("first_name", max_length=100)
    last_name = text_field("last_name", max_length=100)
    email = StrictEmailField(max_length=254)
    organization = text_field("organization", max_length=200)
    job_title = text_field("job_title", max_length=200)
    country = StrictChoiceField(
        choices=[code for code, _name in countries],
        help_text="ISO 3166-1 alpha-2 code, e.g. AE.",
        error_messages={
            "invalid_choice": _("“{input}” is not an ISO 3166-1 alpha-2 country code.")
        },
    )
    category = StrictSlugField(max_length=50, help_text="A category slug of the event.")
    consent = ConsentField(help_text="Must be true.")
    title = StrictChoiceField(choices=Honorific.choices, required=False, allow_blank=True)
    gender = StrictChoiceField(
        choices=Gender.choices,
        required=False,
        allow_blank=True,
        help_text="For the agreement of titles and greetings: female, male or empty.",
    )
    name_ar = text_field("name_ar", max_length=200, required=False, allow_blank=True)
    phone = StrictRegexField(
        r"^\+?[0-9 ()\-.]{5,32}$",
        max_length=32,
        required=False,
        allow_blank=True,
        error_messages={
            "invalid": _("Enter a phone number with digits, spaces and an optional +.")
        },
    )
    # The languages Summit offers; the service refuses one the event does not.
    language = StrictChoiceField(
        choices=[], required=False, help_text="Messages' language; the event's main one if absent."
    )
    invitation_code = StrictCharField(max_length=20, required=False, allow_blank=True)
    delegation = StrictCharField(
        max_length=16, required=False, allow_blank=True, help_text="A delegation's joining code."
    )
    dietary_needs = text_field("dietary_needs", max_length=300, required=False, allow_blank=True)
    accessibility_needs = text_field(
        "accessibility_needs", max_length=300, required=False, allow_blank=True
    )
    answers = QuestionAnswersField(
        required=False,
        help_text="Answers to the event's questions, keyed by question id.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()

    def validate_consent(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError(
                _("You must agree to the processing of your data to register.")
            )
        return value

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


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string"},
            {"type": "boolean"},
            {"type": "array", "items": {"type": "string"}},
            {
                "type": "object",
                "properties": {
                    "original_name": {"type": "string"},
                    "size": {"type": "integer"},
                    "content_type": {"type": "string"},
                },
            },
        ],
        "description": "Text (text, long text, an ISO date, one option's value), a boolean "
        "(yes/no), a list of option values (several choices), or a file's description.",
    }
)
class AnswerValueField(serializers.ReadOnlyField):
    pass


class AnswerFileSerializer(serializers.Serializer):
    """What a file answer records (the file itself is on the officer's registration page)."""

    original_name = serializers.CharField(help_text="The file's name on the registrant's side.")
    size = serializers.IntegerField(help_text="Bytes.")
    content_type = serializers.CharField()


class RegistrationAnswerSerializer(serializers.Serializer):
    """One answer: the question's kind, the value as stored, and the answer in words."""

    kind = serializers.CharField(source="question.kind")
    question = TranslatedStringField(source="question.label")
    value = AnswerValueField()
    text = serializers.SerializerMethodField(
        help_text="The answer in words: option labels, yes or no, a file's name and size."
    )

    def get_text(self, answer) -> str:
        return answer_text(answer.question, answer.value)

    def to_representation(self, answer):
        data = super().to_representation(answer)
        if isinstance(answer.value, dict):  # a file: its stored name stays private
            data["value"] = AnswerFileSerializer(answer.value).data
        return data


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration as an accreditation officer sees it."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="country.code")
    delegation = serializers.SerializerMethodField()
    protocol_rank = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    answers = serializers.SerializerMethodField()

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
            "gender",
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
            "answers",
        ]

    @extend_schema_field(
        serializers.DictField(
            child=RegistrationAnswerSerializer(),
            help_text="The answers to the event's questions, keyed by question id.",
        )
    )
    def get_answers(self, registration: Registration) -> dict:
        answers = registration.answers.all()
        if "answers" not in getattr(registration, "_prefetched_objects_cache", {}):
            answers = answers.select_related("question").prefetch_related("question__options")
        return {
            str(answer.question_id): RegistrationAnswerSerializer(answer).data
            for answer in sorted(answers, key=lambda answer: answer.question_id)
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_delegation(self, registration: Registration) -> str | None:
        return (
            registration.delegation.name.in_language("en") if registration.delegation_id else None
        )


class RegistrationListQuerySerializer(serializers.Serializer):
    email = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The registration of this address (any letter case)",
    )
    status = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.CharField(required=False, allow_blank=True, default="")
    country = serializers.CharField(required=False, allow_blank=True, default="")
    delegation = serializers.CharField(required=False, allow_blank=True, default="")
    search = serializers.CharField(required=False, allow_blank=True, default="")
    rank = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="A protocol rank's slug"
    )
    order = serializers.ChoiceField(
        choices=[("precedence", "protocol order")],
        required=False,
        allow_blank=True,
        default="",
        help_text="precedence: protocol order",
    )


class DecisionSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")
    reason_visible = StrictBooleanField(required=False, default=False)
