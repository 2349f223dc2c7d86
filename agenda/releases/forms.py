"""The release form: a comment for the next version."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReleaseForm(forms.Form):
    comment = forms.CharField(
        label=_("What changed (for the release history)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
