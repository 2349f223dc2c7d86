"""The setup pages' forms (`/manage/<slug>/settings/categories/`, `zones/`, `ranks/`).

They read what an organizer typed into the data the services take
(`events.setup.services`, the same as the API's); the services hold the rules and
refuse with a message naming the field, which the page shows at that field.
"""

from operator import attrgetter

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.setup.services import CATEGORY_FIELDS, RANK_FIELDS, ZONE_FIELDS
from events.summit.models import AccessZone, ProtocolRank, RegistrationCategory
from events.translated.forms import use_event_languages


class SetupForm(forms.ModelForm):
    service_fields: tuple[str, ...] = ()
    field_order = ["name", "slug"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        use_event_languages(self, event)
        for field in self.fields.values():
            # A translated field's label is the model's verbose name as it is ("name").
            field.label = capfirst(field.label)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.service_fields}


class CategoryForm(SetupForm):
    service_fields = (*CATEGORY_FIELDS, "zones")

    class Meta:
        model = RegistrationCategory
        fields = [*CATEGORY_FIELDS, "zones"]
        widgets = {"zones": forms.CheckboxSelectMultiple}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["zones"].queryset = AccessZone.objects.filter(event=event)
        # The zone's name in the reader's language, not its "event/slug".
        self.fields["zones"].label_from_instance = attrgetter("name")

    def service_data(self) -> dict:
        data = super().service_data()
        data["zones"] = list(data["zones"])
        return data


class ZoneForm(SetupForm):
    service_fields = ZONE_FIELDS

    class Meta:
        model = AccessZone
        fields = ZONE_FIELDS
        widgets = {"kind": forms.RadioSelect}


class RankForm(SetupForm):
    service_fields = RANK_FIELDS

    class Meta:
        model = ProtocolRank
        fields = RANK_FIELDS


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete it"),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )
