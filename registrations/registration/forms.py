from operator import attrgetter

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.summit.models import Event, language_choices
from events.translated.text import active_language
from registrations.questions.files import ACCEPTED_TYPES, answer_file_check
from registrations.registration.forms_of_address import Gender, Honorific
from registrations.registration.models import Question, Registration
from registrations.registration.photos import photo_clean
from registrations.registration.services import (
    LONG_TEXT_ANSWER_LIMIT,
    REGISTRANT_EDITABLE,
    TEXT_ANSWER_LIMIT,
    RegistrationInput,
)
from registrations.registration.text_fields import NormalizedCharField, text_field
from registrations.registration.validators import REGISTRANT_TEXT_VALIDATORS

ANSWER_FILE_HELP = _("PDF, JPEG or PNG, up to 5 MB.")


class QuestionFields:
    """Adds one form field per organizer question, named `q<id>`."""

    def add_question_fields(self, event: Event) -> None:
        self.questions = list(event.questions.prefetch_related("options", "categories"))
        for question in self.questions:
            self.fields[f"q{question.pk}"] = self._field_for(question)

    @staticmethod
    def _field_for(question: Question) -> forms.Field:
        label = str(question.label)
        categories = list(question.categories.all())
        help_text = str(question.help_text)
        if categories:
            names = ", ".join(str(category.name) for category in categories)
            only_for = _("Only for: %(categories)s") % {"categories": names}
            help_text = f"{help_text} {only_for}" if help_text else only_for
        # Whether an answer is required depends on the chosen category: the
        # service checks it and names this field when one is missing.
        common = {"label": label, "required": False, "help_text": help_text}
        options = [(option.value, str(option.label)) for option in question.options.all()]
        kind = Question.Kind
        if question.kind == kind.CHOICE:
            return forms.ChoiceField(choices=[("", "—"), *options], **common)
        if question.kind == kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind == kind.YES_NO:
            return forms.ChoiceField(
                choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **common
            )
        if question.kind == kind.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        if question.kind == kind.FILE:
            common["help_text"] = " ".join(
                str(text) for text in (help_text, ANSWER_FILE_HELP) if text
            )
            return forms.FileField(
                widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_TYPES)}),
                **common,
            )
        if question.kind == kind.LONG_TEXT:
            return forms.CharField(
                max_length=LONG_TEXT_ANSWER_LIMIT,
                widget=forms.Textarea(attrs={"rows": 5}),
                **common,
            )
        return forms.CharField(max_length=TEXT_ANSWER_LIMIT, **common)

    def clean(self):
        data = super().clean()
        # A file is checked by its content with the other fields, so that every fault shows.
        for question in self.questions:
            name = f"q{question.pk}"
            upload = data.get(name)
            if question.kind == Question.Kind.FILE and upload:
                try:
                    data[name] = answer_file_check(upload)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    def question_fields(self) -> list:
        return [self[f"q{question.pk}"] for question in self.questions]

    def answers(self) -> dict[int, object]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions
        }


class PhoneInput(forms.TextInput):
    """A phone number's input: a phone offers its number pad, and templates/includes/field.html
    writes it left to right, so "+971 50 123 4567" shows as typed on an Arabic page."""

    input_type = "tel"


class RegistrationForm(QuestionFields, forms.Form):
    category = forms.ChoiceField(label=_("I am registering as"), widget=forms.RadioSelect)
    title = forms.ChoiceField(label=_("Title"), choices=Honorific.choices, required=False)
    gender = forms.ChoiceField(
        label=_("Form of address"),
        choices=Gender.choices,
        required=False,
        help_text=_("So that titles and greetings agree: Madam or Sir, السيدة or السيد."),
    )
    first_name = text_field("first_name", label=_("First name (Latin script)"), max_length=100)
    last_name = text_field("last_name", label=_("Last name (Latin script)"), max_length=100)
    name_ar = text_field(
        "name_ar", label=_("Full name in Arabic script"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=PhoneInput(attrs={"autocomplete": "tel"}),
    )
    organization = text_field("organization", label=_("Organization"), max_length=200)
    job_title = text_field("job_title", label=_("Job title"), max_length=200)
    country = forms.ChoiceField(label=_("Country"))
    language = forms.ChoiceField(
        label=_("Preferred language for messages"), choices=language_choices
    )
    invitation_code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        required=False,
        help_text=_("Needed for categories by invitation only."),
    )
    delegation = forms.CharField(
        label=_("Delegation joining code"),
        max_length=16,
        required=False,
        help_text=_("If your head of delegation gave you one."),
    )
    dietary_needs = text_field(
        "dietary_needs", label=_("Dietary needs"), max_length=300, required=False
    )
    accessibility_needs = text_field(
        "accessibility_needs", label=_("Accessibility needs"), max_length=300, required=False
    )
    photo = forms.ImageField(
        label=_("Photo for your badge"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 5 MB. A recent passport-style photo."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organizers process my personal data to accredit me for this summit."
        ),
        error_messages={
            "required": _("You must agree to the processing of your data to register.")
        },
    )

    def __init__(self, *args, event: Event, categories, for_delegation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if for_delegation:
            # The head registers members into their own delegation.
            del self.fields["delegation"]
            self.fields["consent"].label = _(
                "The person I register agrees that the organizers process their personal "
                "data to accredit them for this summit."
            )
        self.fields["category"].choices = [
            (category.slug, category.name) for category in categories
        ]
        self.fields["country"].choices = [("", "—"), *countries]
        # Messages go in the language chosen here: one of the event's.
        self.fields["language"].choices = event.language_options
        reader = active_language()
        self.fields["language"].initial = (
            reader if reader in event.languages else event.main_language
        )
        self.add_question_fields(event)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return photo_clean(photo) if photo else None

    def to_input(self) -> RegistrationInput:
        data = self.cleaned_data
        return RegistrationInput(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            organization=data["organization"],
            job_title=data["job_title"],
            country=data["country"],
            category=data["category"],
            consent=data["consent"],
            title=data["title"],
            gender=data["gender"],
            name_ar=data["name_ar"],
            phone=data["phone"],
            language=data["language"],
            invitation_code=data["invitation_code"],
            delegation=data.get("delegation", ""),
            dietary_needs=data["dietary_needs"],
            accessibility_needs=data["accessibility_needs"],
            photo=data["photo"],
            answers=self.answers(),
        )


class RegistrantEditForm(forms.ModelForm):
    """What a registrant may still change while the registration is pending."""

    class Meta:
        model = Registration
        fields = list(REGISTRANT_EDITABLE)
        field_classes = dict.fromkeys(REGISTRANT_TEXT_VALIDATORS, NormalizedCharField)
        widgets = {"phone": PhoneInput(attrs={"autocomplete": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, validators in REGISTRANT_TEXT_VALIDATORS.items():
            self.fields[name].validators.extend(validators)
        if "language" in self.fields:
            self.fields["language"].choices = self.instance.event.language_options


class LostLinkForm(forms.Form):
    email = forms.EmailField(label=_("Email you registered with"), max_length=254)


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason_visible = forms.BooleanField(
        label=_("Show the reason to the registrant"), required=False
    )


class EmailCorrectionForm(forms.Form):
    """An officer's correction of a registrant's address."""

    email = forms.EmailField(label=_("Correct email address"), max_length=254)


class InvitationBatchForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    emails = forms.CharField(
        label=_("Email addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, or paste a CSV whose rows contain an address."),
    )
    emails_file = forms.FileField(label=_("…or a CSV file"), required=False)
    shared_uses = forms.IntegerField(
        label=_("…or one shared code for this many guests"),
        required=False,
        min_value=1,
        max_value=10000,
    )
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=None, required=False)
    expires_at = forms.DateTimeField(
        label=_("Expires at (UTC)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    skips_approval = forms.BooleanField(label=_("Approve registrations at once"), required=False)
    language = forms.ChoiceField(label=_("Language of the email"), choices=language_choices)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = event.categories.all()
        # The category's name in the reader's language, not its "event/slug" __str__.
        self.fields["category"].label_from_instance = attrgetter("name")
        self.fields["delegation"].queryset = event.delegations.all()

    def clean_emails_file(self):
        upload = self.cleaned_data.get("emails_file")
        if not upload:
            return ""
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file must be 1 MB or smaller."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file must be a UTF-8 text or CSV file.")) from error

    def clean(self):
        data = super().clean()
        has_emails = bool(data.get("emails", "").strip() or data.get("emails_file"))
        if has_emails == bool(data.get("shared_uses")):
            raise forms.ValidationError(
                _("Give either email addresses or a number of guests for a shared code.")
            )
        return data
