"""Bilateral meeting forms: request with times, accept, decline or cancel, room, move."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.form_widgets import DateTimeLocalInput


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
