"""Organizer forms. They check formats; the services check the programme's rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Room, Session, SpeakerRole, Track


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.ModelForm):
    """Times are read and shown in the event's time zone (the view activates it)."""

    class Meta:
        model = Session
        fields = [
            "title_en",
            "title_ar",
            "abstract_en",
            "abstract_ar",
            "kind",
            "starts_at",
            "ends_at",
            "room",
            "track",
            "status",
            "capacity",
            "visibility",
            "invited_categories",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "abstract_en": forms.Textarea(attrs={"rows": 4}),
            "abstract_ar": forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
            "invited_categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(event=event)
        self.fields["track"].queryset = Track.objects.filter(event=event)
        self.fields["invited_categories"].queryset = event.categories.all()
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
        fields = ["slug", "name_en", "name_ar", "capacity", "zone", "is_bilateral", "position"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = event.zones.all()

    def validate_unique(self):
        # The service checks the slug within the event (the form has no event field).
        pass


class TrackForm(forms.ModelForm):
    class Meta:
        model = Track
        fields = ["slug", "name_en", "name_ar", "colour", "position"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)

    def validate_unique(self):
        pass


class ReleaseForm(forms.Form):
    comment = forms.CharField(
        label=_("What changed (for the release history)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Bilateral meetings (the head of delegation's pages and the organizers') ----------------


class BilateralSlotsForm(forms.Form):
    """One to three proposed times; read and shown in the event's time zone."""

    SLOTS = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, self.SLOTS + 1):
            required = number == 1
            self.fields[f"slot_{number}_starts_at"] = forms.DateTimeField(
                label=_("Time %(number)s: starts") % {"number": number},
                required=required,
                widget=DateTimeLocalInput(),
            )
            self.fields[f"slot_{number}_ends_at"] = forms.DateTimeField(
                label=_("Time %(number)s: ends") % {"number": number},
                required=required,
                widget=DateTimeLocalInput(),
            )

    def clean(self):
        cleaned = super().clean()
        for number in range(1, self.SLOTS + 1):
            start = cleaned.get(f"slot_{number}_starts_at")
            end = cleaned.get(f"slot_{number}_ends_at")
            if start and not end and f"slot_{number}_ends_at" not in self.errors:
                self.add_error(f"slot_{number}_ends_at", _("Give the end of this time too."))
            if end and not start and f"slot_{number}_starts_at" not in self.errors:
                self.add_error(f"slot_{number}_starts_at", _("Give the start of this time too."))
        return cleaned

    def slot_pairs(self) -> list[tuple]:
        """(start, end) of the times filled in, in the order given."""
        pairs = []
        for number in range(1, self.SLOTS + 1):
            start = self.cleaned_data.get(f"slot_{number}_starts_at")
            end = self.cleaned_data.get(f"slot_{number}_ends_at")
            if start and end:
                pairs.append((start, end))
        return pairs

    @staticmethod
    def field_for(error_field: str | None) -> str | None:
        """The form field that shows a service error about `slot_<n>`."""
        if error_field and error_field.startswith("slot_"):
            return f"{error_field}_starts_at"
        return None


class BilateralRequestForm(BilateralSlotsForm):
    counterpart = forms.TypedChoiceField(label=_("Meet with"), coerce=int)
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=200,
        help_text=_("Optional. Seen by both delegations and the organizers."),
    )

    def __init__(self, *args, delegations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].choices = [("", _("Choose a delegation"))] + [
            (delegation.pk, delegation.name) for delegation in delegations
        ]
        self.order_fields(["counterpart", "subject"])


class BilateralAcceptForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Accept this time"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.pk, label) for slot, label in slots]


class BilateralReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BilateralRoomForm(forms.Form):
    room = forms.ChoiceField(label=_("Room"), required=False)

    def __init__(self, *args, rooms=(), free=(), **kwargs):
        super().__init__(*args, **kwargs)
        free_ids = {room.pk for room in free}
        self.fields["room"].choices = [("", _("The first free bilateral room"))] + [
            (
                room.pk,
                room.name if room.pk in free_ids else _("%(room)s (taken)") % {"room": room.name},
            )
            for room in rooms
        ]


class BilateralMoveForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocalInput())
