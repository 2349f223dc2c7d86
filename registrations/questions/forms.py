"""The builder's form: a question, and its options as rows (blank rows are ignored)."""

from operator import attrgetter

from django import forms
from django.utils.translation import gettext_lazy as _

from events.translated.forms import TranslatedFormField, use_event_languages
from registrations.registration.models import Question

# Blank option rows offered beyond the current options (more after saving, without JS).
EXTRA_OPTION_ROWS = 3


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    label = TranslatedFormField(label=_("Question"), max_length=300)
    help_text = TranslatedFormField(
        label=_("Help text"),
        max_length=500,
        required=False,
        help_text=_("Shown under the question on the registration form."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    categories = forms.ModelMultipleChoiceField(
        label=_("Asked of"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: asked of every category."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["categories"].queryset = event.categories.all()
        self.fields["categories"].label_from_instance = attrgetter("name")
        use_event_languages(self, event)


class OptionForm(forms.Form):
    value = forms.SlugField(
        label=_("Value"),
        max_length=50,
        required=False,
        help_text=_("What the answers and the export record, e.g. vegetarian."),
    )
    label = TranslatedFormField(label=_("Option"), max_length=200, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        use_event_languages(self, event)
        self.main_language = event.main_language

    def clean(self):
        data = super().clean()
        value, label = data.get("value"), data.get("label") or {}
        if value and not label.get(self.main_language):
            self.add_error("label", forms.ValidationError(_("Write the option's text.")))
        if not value and any(label.values()) and "value" not in self.errors:
            self.add_error("value", forms.ValidationError(_("Give the option a value.")))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("value") and not any((data.get("label") or {}).values())


class BaseOptionFormSet(forms.BaseFormSet):
    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "event": self.event}

    def options(self) -> list[dict]:
        """The rows filled in, in order."""
        return [
            {"value": form.cleaned_data["value"], "label": form.cleaned_data["label"]}
            for form in self.forms
            if not form.is_blank
        ]


OptionFormSet = forms.formset_factory(
    OptionForm, formset=BaseOptionFormSet, extra=EXTRA_OPTION_ROWS, max_num=100
)


def question_forms(event, data=None, question: Question | None = None):
    """The question's form and its options' rows, filled from `question` when editing."""
    initial, options = None, []
    if question is not None:
        initial = {
            "kind": question.kind,
            "label": question.label.as_dict(),
            "help_text": question.help_text.as_dict(),
            "required": question.required,
            "categories": list(question.categories.all()),
        }
        options = [
            {"value": option.value, "label": option.label.as_dict()}
            for option in question.options.all()
        ]
    form = QuestionForm(data, event=event, initial=initial)
    formset = OptionFormSet(data, event=event, initial=options, prefix="options")
    return form, formset
