"""Organizer forms. They check formats; the services check the programme's rules."""

from operator import attrgetter

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.programme.interpretation import ChannelInput, channel_problems, language_choices
from agenda.programme.models import Room, Session, SpeakerRole, Track
from agenda.programme.services import SESSION_FIELDS
from events.form_widgets import DateTimeLocalInput
from events.translated.forms import TranslatedWidget, use_event_languages


class SessionForm(forms.ModelForm):
    """Times are read and shown in the event's time zone (the view activates it)."""

    class Meta:
        model = Session
        fields = [*SESSION_FIELDS, "invited_categories"]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "abstract": TranslatedWidget(multiline=True, attrs={"rows": 4}),
            "invited_categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(event=event)
        self.fields["track"].queryset = Track.objects.filter(event=event)
        self.fields["invited_categories"].queryset = event.categories.all()
        # The category's name in the reader's language, not its "event/slug" __str__.
        self.fields["invited_categories"].label_from_instance = attrgetter("name")
        use_event_languages(self, event)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["floor_language"] = forms.ChoiceField(
            label=_("Floor language"),
            choices=language_choices(first=event.languages),
            initial=self.instance.floor_language or event.main_language,
            # Left out of a post: the event's main language (the service's default).
            required=False,
            help_text=_("The language spoken in the room."),
        )

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class InterpretationForm(forms.Form):
    """One language the session is interpreted into; a blank row is ignored."""

    language = forms.ChoiceField(label=_("Interpreted into"), required=False)
    channel = forms.CharField(
        label=_("Channel"),
        max_length=20,
        required=False,
        help_text=_("As on the receivers in the room, for example 2."),
    )
    stream_url = forms.URLField(
        label=_("Stream address"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *language_choices(first=languages)]

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("language", "channel", "stream_url"))


class BaseInterpretationFormSet(forms.BaseFormSet):
    """The session's channels; `floor_language` (set before validating) may not be one."""

    floor_language = ""

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "languages": self.event.languages}

    def clean(self):
        if any(self.errors):
            return
        rows = [form for form in self.forms if not form.is_blank]
        for form in rows:
            if not form.cleaned_data["language"]:
                form.add_error("language", _("Choose the language of this channel."))
        if any(self.errors):
            return
        channels = [ChannelInput(**form.cleaned_data) for form in rows]
        floor = self.floor_language or self.event.main_language
        for index, field, message in channel_problems(floor_language=floor, channels=channels):
            rows[index].add_error(field, message)

    def channels(self) -> list[ChannelInput] | None:
        """The channels to save; None (keep them) when the page sent no channel rows."""
        if not self.is_bound:
            return None
        return [ChannelInput(**form.cleaned_data) for form in self.forms if not form.is_blank]


InterpretationFormSet = forms.formset_factory(
    InterpretationForm,
    formset=BaseInterpretationFormSet,
    extra=2,
    max_num=12,
    validate_max=True,
)


PREFIX = "interpretation"


def interpretation_formset(data, *, event, session: Session | None) -> BaseInterpretationFormSet:
    initial = []
    if session is not None:
        initial = [
            {"language": row.language, "channel": row.channel, "stream_url": row.stream_url}
            for row in session.interpretation.all()
        ]
    if data is not None and f"{PREFIX}-TOTAL_FORMS" not in data:
        # A post without the channel rows (a client of the form before them) keeps them.
        data = None
    return InterpretationFormSet(data, initial=initial, prefix=PREFIX, event=event)


class SpeakerAddForm(forms.Form):
    reference = forms.CharField(
        label=_("Registration reference"),
        max_length=16,
        help_text=_("As printed on the badge or in the registrations list."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=SpeakerRole.choices)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=99, initial=0)


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["slug", "name", "capacity", "zone", "is_bilateral", "position"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = event.zones.all()
        use_event_languages(self, event)

    def validate_unique(self):
        # The service checks the slug within the event (the form has no event field).
        pass


class TrackForm(forms.ModelForm):
    class Meta:
        model = Track
        fields = ["slug", "name", "colour", "position"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        use_event_languages(self, event)

    def validate_unique(self):
        pass
