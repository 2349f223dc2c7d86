"""The tokens page's form: a new API token's name, role and offline flag."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.teams.models import Role
from events.tokens.models import ApiToken


class TokenForm(forms.Form):
    label = forms.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("label").max_length,
        help_text=_("Who or which device uses it, for example “Gate 2 scanner”."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    offline = forms.BooleanField(
        label=_("Offline check-in device"),
        required=False,
        help_text=_(
            "May download the offline check-in package, with the name of everyone "
            "accredited. Check-in tokens only."
        ),
    )
