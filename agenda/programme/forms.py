"""Organizer forms. They check formats; the services check the programme's rules."""

from operator import attrgetter

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.programme.models import Room, Session, SpeakerRole, Track
from agenda.programme.services import SESSION_FIELDS
from events.translated.forms import TranslatedWidget, use_event_languages


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


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

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


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
