"""The security service's decisions file, uploaded by an officer."""

from django import forms
from django.utils.translation import gettext_lazy


class DecisionsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Decisions file (CSV)"),
        help_text=gettext_lazy(
            "Columns: reference, decision (cleared, refused, more_information), note."
        ),
    )
