"""The mailing form: recipients' filters, then subject and text in each of the event's languages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.translated.forms import TranslatedFormField, use_event_languages
from registrations.mailings.recipients import FILTERABLE_QUESTIONS
from registrations.mailings.services import MAX_SUBJECT
from registrations.registration.models import Status

ANY = [("", _("Any"))]


class MailingForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        help_text=_("Any: everyone pending, in vetting, approved or on the waiting list."),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    delegation = forms.ChoiceField(label=_("Delegation"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    checked_in = forms.ChoiceField(
        label=_("Checked in"),
        required=False,
        choices=[*ANY, ("yes", _("Checked in")), ("no", _("Not checked in"))],
    )
    question = forms.ChoiceField(label=_("Question"), required=False)
    answer = forms.CharField(
        label=_("Answer"),
        required=False,
        max_length=50,
        help_text=_("The answer's value: yes or no, or one of the question's choices."),
    )
    subject = TranslatedFormField(label=_("Subject"), max_length=MAX_SUBJECT)
    body = TranslatedFormField(
        label=_("Text"),
        help_text=_(
            "Placeholders: {title} {first_name} {last_name} {reference} {personal_link}. "
            "Each registrant gets the text in their language when you wrote it, else in the "
            "event's main language."
        ),
    )
    preview_reference = forms.CharField(
        label=_("Preview for the registrant"),
        required=False,
        max_length=20,
        help_text=_("A reference; empty: the first recipient."),
    )

    FILTERS = ("status", "category", "delegation", "country", "language", "checked_in")

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        use_event_languages(self, event)
        self.fields["status"].choices = [*ANY, *Status.choices]
        self.fields["category"].choices = [
            *ANY,
            *((category.slug, str(category.name)) for category in event.categories.all()),
        ]
        self.fields["delegation"].choices = [
            *ANY,
            *((str(delegation.pk), str(delegation.name)) for delegation in event.delegations.all()),
        ]
        self.fields["country"].choices = [*ANY, *countries]
        self.fields["language"].choices = [*ANY, *event.language_options]
        self.fields["question"].choices = [
            *ANY,
            *(
                (str(question.pk), str(question.label))
                for question in event.questions.filter(kind__in=FILTERABLE_QUESTIONS)
            ),
        ]

    def filters(self) -> dict:
        names = (*self.FILTERS, "question", "answer")
        return {name: self.cleaned_data.get(name, "") for name in names}
