"""The import's two forms: the file, then each column's field and the options."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from registrations.imports.mapping import field_choices
from registrations.imports.models import RegistrationImport
from registrations.imports.reading import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS

CONSENT_LABEL = _(
    "The people in this file agreed that the organizers process their personal data to "
    "accredit them for this summit."
)
CONFIRMATIONS_LABEL = _(
    "Send each person registered the message the registration form sends (received, or "
    "approved with the badge)"
)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Registrations file (CSV or Excel .xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled in per request: in the reader's language, the numbers in its format.
        self.fields["file"].help_text = _(
            "The first line names the columns. Up to %(rows)s rows and %(size)s MB; "
            "CSV in UTF-8, separated by commas or semicolons."
        ) % {
            "rows": number_format(MAX_IMPORT_ROWS, force_grouping=True),
            "size": MAX_IMPORT_BYTES // 1_000_000,
        }


class ImportMappingForm(forms.Form):
    """One choice per column of the file (`column_<position>`), then the options."""

    send_confirmations = forms.BooleanField(label=CONFIRMATIONS_LABEL, required=False)
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={"required": _("Confirm that these people agreed, or import nobody.")},
    )

    def __init__(self, *args, imported: RegistrationImport, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                **{f"column_{position}": name for position, name in imported.mapping.items()},
                "send_confirmations": imported.send_confirmations,
                # Confirmed for the check already: the same file, the same people.
                "consent": imported.check_job_id is not None,
            },
        )
        super().__init__(*args, **kwargs)
        self.imported = imported
        questions = imported.event.questions.all()
        choices = [("", _("— not imported")), *field_choices(imported.event, questions)]
        samples = imported.rows[0][1] if imported.rows else []
        columns = {}
        for position, title in enumerate(imported.header):
            sample = samples[position] if position < len(samples) else ""
            columns[f"column_{position}"] = forms.ChoiceField(
                label=title,
                choices=choices,
                required=False,
                help_text=_("First row: %(value)s") % {"value": sample[:60]} if sample else "",
            )
        self.fields = {**columns, **self.fields}

    def column_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("column_")]

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_") and value
        }
