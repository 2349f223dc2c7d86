"""Forms for registering a vehicle: the head of delegation's and the organizer's."""

from django import forms
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from registrations.delegations.models import Delegation
from registrations.registration.models import Status
from registrations.registration.text_fields import NormalizedCharField
from registrations.registration.validators import validate_badge_text
from registrations.vehicles.models import PLATE_MAX_LENGTH
from registrations.vehicles.services import (
    COLOUR_MAX_LENGTH,
    DRIVER_NAME_MAX_LENGTH,
    MAKE_MAX_LENGTH,
    VehicleInput,
)


class VehicleForm(forms.Form):
    """Shape only; the service checks plates, duplicates and drivers (one place for rules)."""

    plate = forms.CharField(
        label=_("Number plate"),
        max_length=PLATE_MAX_LENGTH,
        help_text=_("As written on the plate; spaces and dashes are ignored when comparing."),
        # A plate is written left to right, also on an Arabic page.
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"}),
    )
    make = forms.CharField(
        label=_("Make and model"),
        max_length=MAKE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Toyota Land Cruiser")}),
    )
    colour = forms.CharField(label=_("Colour"), max_length=COLOUR_MAX_LENGTH)
    driver = forms.ChoiceField(
        label=_("Driver (if accredited)"),
        required=False,
        help_text=_("A member of the delegation who drives this vehicle, if any."),
    )
    driver_name = NormalizedCharField(
        label=_("Driver's name"),
        max_length=DRIVER_NAME_MAX_LENGTH,
        required=False,
        validators=[validate_badge_text],
        help_text=_("Required unless an accredited driver is chosen above."),
    )

    def __init__(self, *args, delegation: Delegation | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_drivers(delegation)

    def set_drivers(self, delegation: Delegation | None) -> None:
        choices = [("", _("— not accredited —"))]
        if delegation is not None:
            members = delegation.members.exclude(
                status__in=[Status.REJECTED, Status.CANCELLED]
            ).order_by("last_name", "first_name")
            choices += [
                (member.reference, f"{member.display_name} ({member.reference})")
                for member in members
            ]
        self.fields["driver"].choices = choices

    def to_input(self) -> VehicleInput:
        data = self.cleaned_data
        return VehicleInput(
            plate=data["plate"],
            make=data["make"],
            colour=data["colour"],
            driver_name=data.get("driver_name", ""),
            driver_reference=data.get("driver", ""),
        )


class OrganizerVehicleForm(VehicleForm):
    """An organizer registers a vehicle for any delegation of the event."""

    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.none())
    approve = forms.BooleanField(label=_("Approve at once"), required=False)

    field_order = ["delegation", "plate", "make", "colour", "driver", "driver_name", "approve"]

    def __init__(self, *args, event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = event.delegations.order_by(KT("name__en"))
        # Any member of any delegation may be named; the service checks the delegation.
        self.fields["driver"] = forms.CharField(
            label=_("Driver's registration reference (if accredited)"),
            required=False,
            max_length=16,
            help_text=_("Must be a member of the chosen delegation."),
        )
