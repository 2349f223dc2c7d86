"""A registration's protocol rank and order, and its form of address, set by an officer."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.registration.forms_of_address import Gender, Honorific


class ProtocolForm(forms.Form):
    rank = forms.ChoiceField(label=gettext_lazy("Protocol rank"), required=False)
    order = forms.IntegerField(
        label=gettext_lazy("Order within the rank"), required=False, min_value=1, max_value=100_000
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].choices = [("", _("(no rank)"))] + [
            (rank.slug, rank.name) for rank in event.protocol_ranks.all()
        ]


class FormOfAddressForm(forms.Form):
    title = forms.ChoiceField(
        label=gettext_lazy("Title"), choices=Honorific.choices, required=False
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Form of address"), choices=Gender.choices, required=False
    )
