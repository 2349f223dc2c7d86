"""An event's questions in the API: one serializer, read and write, options nested.

`label` is an object keyed by language, `label_text` its text in the reader's language;
`categories` are named by slug (empty: asked of every category); `options` are
`[{"value", "label"}]` in order, replaced as a whole when a PATCH gives them. Rules
across rows (options of a choice kind, answered questions) are the services'.
"""

from rest_framework import serializers

from events.api_fields import (
    StrictChoiceField,
    StrictIntegerField,
    StrictSlugField,
    strict_field_mapping,
)
from events.summit.models import RegistrationCategory
from events.translated.serializers import TranslatedSerializerField, TranslatedStringField
from registrations.registration.models import Question, QuestionOption


class QuestionOptionSerializer(serializers.ModelSerializer):
    value = StrictSlugField(max_length=50, help_text="What answers record: a slug.")
    label = TranslatedSerializerField(max_length=200)

    class Meta:
        model = QuestionOption
        fields = ["value", "label"]

    def get_validators(self):
        return []


class QuestionSerializer(serializers.ModelSerializer):
    serializer_field_mapping = strict_field_mapping()
    serializer_choice_field = StrictChoiceField

    label = TranslatedSerializerField(max_length=300)
    label_text = TranslatedStringField(source="label")
    help_text = TranslatedSerializerField(
        max_length=500, required=False, help_text="Shown under the question on the form."
    )
    categories = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=RegistrationCategory.objects.none(),
        required=False,
        help_text="The categories asked this question, by slug; empty: every category.",
    )
    options = QuestionOptionSerializer(
        many=True,
        required=False,
        help_text="The choices of a single or multiple choice question, in order; "
        "given on PATCH, they replace the current ones.",
    )
    position = StrictIntegerField(
        min_value=0,
        max_value=32767,
        required=False,
        help_text="Lower comes first; a new question goes last when this is absent.",
    )
    answers_count = serializers.IntegerField(
        source="answer_count", read_only=True, help_text="How many registrants answered it."
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "kind",
            "label",
            "label_text",
            "help_text",
            "required",
            "categories",
            "position",
            "options",
            "answers_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "label_text", "answers_count", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.context.get("event")
        if event is not None:
            self.fields["categories"].child_relation.queryset = RegistrationCategory.objects.filter(
                event=event
            )

    def get_validators(self):
        return []
