"""The form of a new summit, `/manage/events/new/`: what it starts with; the rest is set on
its settings page. Formats only: the service holds the rules (the slug free and not the
organizer area's, the dates in order, the main language among the languages)."""

from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.form_widgets import DateTimeLocalInput
from events.summit.models import Event
from events.summit.serializers import MAIN_LANGUAGE_NOT_OFFERED
from events.summit.services import EVENT_CREATE_FIELDS
from events.summit.settings_forms import time_zone_choices
from events.teams.selectors import user_events_administered
from events.translated.forms import TranslatedFormField
from events.translated.validation import main_language_missing


def label(name: str) -> str:
    return capfirst(Event._meta.get_field(name).verbose_name)


def help_text(name: str) -> str:
    return Event._meta.get_field(name).help_text


class EventCreateForm(forms.Form):
    """Times are read in the time zone chosen on the form."""

    copy_from = forms.ModelChoiceField(
        label=_("Copy the setup of"),
        queryset=Event.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Nothing: a blank summit"),
        help_text=_(
            "Its zones, categories, protocol ranks, questions, rooms, tracks and other "
            "settings. Never its people: registrations, team and tokens stay where they are."
        ),
    )
    slug = forms.SlugField(
        label=label("slug"),
        max_length=80,
        help_text=_("The summit's address, /e/<slug>/; it cannot be changed later."),
    )
    # Required in the main language chosen below (checked in `clean`).
    name = TranslatedFormField(label=label("name"), max_length=200, required=False)
    venue_name = TranslatedFormField(label=label("venue_name"), max_length=200, required=False)
    timezone = forms.ChoiceField(label=label("timezone"), help_text=help_text("timezone"))
    starts_at = forms.DateTimeField(label=label("starts_at"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=label("ends_at"), widget=DateTimeLocalInput())
    languages = forms.MultipleChoiceField(
        label=label("languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text("languages"),
        error_messages={"required": _("Choose at least one language.")},
    )
    main_language = forms.ChoiceField(
        label=label("main_language"),
        choices=settings.LANGUAGES,
        help_text=help_text("main_language"),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "languages": [code for code, _name in settings.LANGUAGES],
                "main_language": settings.LANGUAGE_CODE,
                "timezone": "UTC",
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = user_events_administered(user=user)
        # The summit's name in the reader's language, not its slug.
        self.fields["copy_from"].label_from_instance = lambda event: str(event.name)
        self.fields["timezone"].choices = time_zone_choices(at=timezone.now())
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        cleaned = super().clean()
        zone = cleaned.get("timezone")
        for name in ("starts_at", "ends_at"):
            # Typed as the wall clock of the summit's time zone, not the reader's.
            if zone and cleaned.get(name):
                cleaned[name] = cleaned[name].replace(tzinfo=None).replace(tzinfo=ZoneInfo(zone))
        main = cleaned.get("main_language")
        if main and main not in cleaned.get("languages", [main]):
            self.add_error("main_language", MAIN_LANGUAGE_NOT_OFFERED)
            return cleaned
        for name in ("name", "venue_name"):
            if main and name in cleaned and not cleaned[name].get(main):
                self.add_error(name, main_language_missing(main))
        return cleaned

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in EVENT_CREATE_FIELDS}

    @property
    def copy_from_slug(self) -> str | None:
        source = self.cleaned_data.get("copy_from")
        return source.slug if source else None
