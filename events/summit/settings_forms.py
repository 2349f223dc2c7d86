"""The event's settings form, `/manage/<slug>/settings/`: everything an admin sets on it."""

import functools
import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.form_widgets import DateTimeLocalInput
from events.summit.models import Event
from events.summit.time_zones import time_zone_label
from events.translated.forms import TranslatedWidget, use_event_languages

# What the page edits; the slug stays (it is in every address and calendar subscription).
SETTINGS_FIELDS = (
    "name",
    "description",
    "venue_name",
    "venue_address",
    "timezone",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "is_published",
    "languages",
    "main_language",
    "badge_languages",
    "badge_format",
    "summit_reminder_hours",
    "session_reminder_minutes",
    "speaker_reminder_minutes",
    "retention_days",
)


class BadgeLanguagesWidget(forms.MultiWidget):
    def __init__(self, choices=()):
        super().__init__(
            [
                forms.Select(choices=choices, attrs={"aria-label": _("First line")}),
                forms.Select(choices=choices, attrs={"aria-label": _("Second line")}),
            ]
        )

    def decompress(self, value):
        return [*(value or []), "", ""][:2]


class BadgeLanguagesField(forms.MultiValueField):
    """The badge's first and second line languages, in that order (both may stay empty)."""

    def __init__(self, **kwargs):
        choices = [("", "—"), *settings.LANGUAGES]
        super().__init__(
            fields=[
                forms.ChoiceField(choices=choices, required=False),
                forms.ChoiceField(choices=choices, required=False),
            ],
            widget=BadgeLanguagesWidget(choices=choices),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, data_list):
        return [code for code in data_list or [] if code]


class EventSettingsForm(forms.ModelForm):
    """Times are read and shown in the event's time zone (the view activates it)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the event's pages, emails and content are offered in."),
        error_messages={"required": _("Choose at least one language.")},
    )
    badge_languages = BadgeLanguagesField(
        label=_("Badge languages"),
        help_text=_(
            "The first and second line of the category and zone labels on badges and vehicle "
            "passes. Empty: the main language, then Arabic (English when the main language "
            "is Arabic)."
        ),
    )
    timezone = forms.ChoiceField(label=_("Time zone"))

    class Meta:
        model = Event
        fields = SETTINGS_FIELDS
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "registration_opens_at": DateTimeLocalInput(),
            "registration_closes_at": DateTimeLocalInput(),
            "description": TranslatedWidget(multiline=True, attrs={"rows": 4}),
            "venue_address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, instance=event, **kwargs)
        use_event_languages(self, event)
        self.fields["timezone"].choices = time_zone_choices(at=event.starts_at)
        self.fields["timezone"].help_text = Event._meta.get_field("timezone").help_text


def time_zone_choices(*, at: datetime) -> list[tuple[str, str]]:
    """Every IANA zone, named by its city and offset at `at` in the reader's language."""
    return list(_time_zone_choices(get_language() or settings.LANGUAGE_CODE, at))


@functools.lru_cache(maxsize=64)
def _time_zone_choices(language: str, at: datetime) -> tuple[tuple[str, str], ...]:
    """Labelling ~600 zones takes Babel 50-200 ms: done once per language and moment.

    The offsets are those at the event's start, so the moment is the key: a summit
    moved across a change to or from summer time gets the offsets of its new date.
    Aware datetimes hash by the instant, whatever zone they are written in.
    """
    zones = sorted(zoneinfo.available_timezones())
    return tuple(
        (name, f"{time_zone_label(name, at=at, language=language)} — {name}") for name in zones
    )
