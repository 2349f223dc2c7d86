"""Registrations from a file: every row through the registration form and its service.

Each row becomes the data the public form would have received (the cells of the
mapped columns, with names turned into the form's values: a category's name into its
slug, a country's name into its code, "Oui" into yes…); the very `RegistrationForm`
validates it, and `registration_submit` decides on it, as an officer's import
(`by_organizer`: any category of the event, whatever the registration window).

- The check (dry run) runs every rule without writing (`check_only`): the form's
  errors and the service's refusals (unknown delegation, category full, address
  already registered…), plus an address that is twice in the file.
- The apply registers each good row in its own transaction; a row refused at that
  moment (the data changed since the check) is reported, and the others go on.
- No message goes to anyone unless the import asks for it (`send_confirmations`):
  then each registrant gets what the form sends (received, or approved with the badge).
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from events.audit.services import Actor, audit_record
from events.errors import DomainError
from events.summit.models import Event
from events.translated.text import language_name
from registrations.imports.mapping import field_choices, mapping_clean, mapping_guess, normalized
from registrations.imports.models import RegistrationImport
from registrations.imports.reading import Table
from registrations.registration.forms import RegistrationForm
from registrations.registration.forms_of_address import Gender, Honorific
from registrations.registration.models import Question, Registration
from registrations.registration.services import registration_submit

logger = logging.getLogger(__name__)

# Rows registered per commit. Each row is its own savepoint (a refused row rolls back
# alone); committing every row cost a disk flush each (bench/results/import.md), and a
# batch holds the event's lock, which public registrations wait for, only this long.
APPLY_BATCH = 20
YES = {"yes", "y", "true", "1", "x", "oui", "si", "sí", "نعم"}
NO = {"no", "n", "false", "0", "non", "لا"}


@dataclass
class RowError:
    field: str
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"field": self.field, "column": self.column, "message": self.message}


@dataclass
class RowOutcome:
    line: int
    name: str = ""
    email: str = ""
    reference: str = ""
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self, outcome: str) -> dict:
        entry = {"line": self.line, "name": self.name, "detail": self.email, "outcome": outcome}
        if self.reference:
            entry["reference"] = self.reference
        if self.errors:
            entry["error"] = " ".join(
                f"{error.column}: {error.message}" if error.column else error.message
                for error in self.errors
            )
            entry["errors"] = [error.as_dict() for error in self.errors]
        return entry


def import_create(
    *, event: Event, name: str, table: Table, actor: Actor, mapping: dict | None = None
) -> RegistrationImport:
    """Keep the read file for its mapping, check and apply; the mapping guessed unless
    given (then checked: RegistrationError on the `mapping` field)."""
    questions = list(event.questions.all())
    if mapping is None:
        mapping = mapping_guess(event, questions, table.header)
    else:
        mapping = mapping_clean(mapping, header=table.header, allowed=_allowed(event, questions))
    user = actor.user if getattr(actor.user, "pk", None) else None
    return RegistrationImport.objects.create(
        event=event,
        file_name=(name or "upload")[:200],
        header=table.header,
        rows=table.rows,
        mapping=mapping,
        created_by=user,
        created_by_label=actor.label[:200],
    )


def _allowed(event: Event, questions) -> set[str]:
    return {name for name, _label in field_choices(event, questions)}


def import_map(
    *, imported: RegistrationImport, mapping: dict, send_confirmations: bool
) -> RegistrationImport:
    """Set the columns' fields (checked) and whether the registrants get messages."""
    questions = list(imported.event.questions.all())
    imported.mapping = mapping_clean(
        mapping, header=imported.header, allowed=_allowed(imported.event, questions)
    )
    imported.send_confirmations = send_confirmations
    imported.save(update_fields=["mapping", "send_confirmations", "updated_at"])
    return imported


class RowChecker:
    """One file's rows through the form and the service, with what it needs read once."""

    def __init__(self, imported: RegistrationImport):
        self.imported = imported
        self.event = event = imported.event
        categories = list(event.categories.all())
        # One bound-per-row form: building a form costs more than checking a row.
        self.form = RegistrationForm(event=event, categories=categories)
        self.questions = {f"q{question.pk}": question for question in self.form.questions}
        self.columns = {
            name: (int(position), imported.header[int(position)])
            for position, name in imported.mapping.items()
        }
        self.seen: dict[str, int] = {}
        self.values = {
            "category": self._lookup(
                (category.slug, [category.slug, *category.name.as_dict().values()])
                for category in categories
            ),
            "country": self._country_lookup(),
            "language": self._lookup(
                (code, [code, language_name(code), *self._in_languages(language_name, code)])
                for code in event.languages
            ),
            "title": self._choice_lookup(Honorific.choices),
            "gender": self._choice_lookup(Gender.choices),
            "delegation": self._lookup(
                (delegation.join_code, [delegation.join_code, *delegation.name.as_dict().values()])
                for delegation in event.delegations.all()
            ),
        }
        self.options = {
            name: self._lookup(
                (option.value, [option.value, *option.label.as_dict().values()])
                for option in question.options.all()
            )
            for name, question in self.questions.items()
        }
        self.yes_no = self._yes_no()

    def _in_languages(self, function, *args) -> list[str]:
        names = []
        for language in self.event.languages:
            with translation.override(language):
                names.append(str(function(*args)))
        return names

    @staticmethod
    def _lookup(pairs) -> dict[str, str]:
        table = {}
        for value, names in pairs:
            for name in names:
                table.setdefault(normalized(name), value)
        return table

    def _choice_lookup(self, choices) -> dict[str, str]:
        return self._lookup(
            (value, [value, *self._in_languages(str, label)]) for value, label in choices if value
        )

    def _country_lookup(self) -> dict[str, str]:
        table = {normalized(code): code for code, _name in countries}
        for language in {"en", *self.event.languages}:
            with translation.override(language):
                for code, name in countries:
                    table.setdefault(normalized(name), code)
        return table

    def _yes_no(self) -> dict[str, str]:
        table = dict.fromkeys(YES, "yes") | dict.fromkeys(NO, "no")
        for language in self.event.languages:
            with translation.override(language):
                table.setdefault(normalized(_("Yes")), "yes")
                table.setdefault(normalized(_("No")), "no")
        return table

    # --- A row into the form's data ------------------------------------------------

    def form_data(self, cells: list[str]) -> dict:
        data = {"consent": "on", "language": self.event.main_language}
        for name, (position, _header) in self.columns.items():
            cell = cells[position] if position < len(cells) else ""
            if cell == "":
                continue
            data[name] = self._form_value(name, cell)
        return data

    def _form_value(self, name: str, cell: str):
        key = normalized(cell)
        if name in self.values:
            return self.values[name].get(key, cell)
        question = self.questions.get(name)
        if question is None:
            return cell
        if question.kind == Question.Kind.YES_NO:
            return self.yes_no.get(key, cell)
        if question.kind == Question.Kind.CHOICE:
            return self.options[name].get(key, cell)
        if question.kind == Question.Kind.MULTIPLE:
            parts = [part.strip() for part in cell.replace(";", ",").split(",") if part.strip()]
            return [self.options[name].get(normalized(part), part) for part in parts]
        return cell

    # --- One row -------------------------------------------------------------------

    def row(self, line: int, cells: list[str], *, apply: bool, actor: Actor, since=None):
        """The row's outcome: its errors, or (applied) the new registration's reference."""
        data = self.form_data(cells)
        outcome = RowOutcome(
            line=line,
            name=" ".join(str(data.get(part, "")) for part in ("first_name", "last_name")).strip(),
            email=str(data.get("email", "")),
        )
        email = outcome.email.strip().casefold()
        if email and email in self.seen:
            outcome.errors.append(
                self._error(
                    "email",
                    _("This email address is already on line %(line)d of the file.")
                    % {"line": self.seen[email]},
                )
            )
            return outcome
        if email:
            self.seen[email] = line
        form = self._bound(data)
        if not form.is_valid():
            for name, problems in form.errors.items():
                for problem in problems:
                    outcome.errors.append(self._error(name, str(problem)))
            return outcome
        if apply and since is not None and self._already_imported(form, outcome, since):
            return outcome
        try:
            registration = registration_submit(
                event=self.event,
                data=form.to_input(),
                actor=actor,
                by_organizer=True,
                notify=self.imported.send_confirmations,
                check_only=not apply,
            )
        except DomainError as error:
            outcome.errors.append(self._error(getattr(error, "field", "") or "", error.message))
            return outcome
        except Exception:
            # Its transaction rolled back; the other rows go on.
            logger.exception("Import row %s of import %s failed", line, self.imported.pk)
            outcome.errors.append(
                self._error("", _("This row could not be registered; the error was logged."))
            )
            return outcome
        if registration is not None:
            outcome.reference = registration.reference
        return outcome

    def _bound(self, data: dict) -> RegistrationForm:
        form = self.form
        form.data, form.files, form.is_bound = data, {}, True
        form._errors = None
        form._bound_fields_cache = {}
        return form

    def _already_imported(self, form, outcome: RowOutcome, since) -> bool:
        """A redelivered apply job: this row was registered by it already."""
        done = (
            Registration.objects.filter(
                event=self.event,
                email__iexact=form.cleaned_data["email"],
                created_at__gte=since,
            )
            .values_list("reference", flat=True)
            .first()
        )
        if done:
            outcome.reference = done
        return bool(done)

    def _error(self, name: str, message) -> RowError:
        column = self.columns.get(name, (None, ""))[1]
        label = ""
        if name in self.form.fields:
            label = str(self.form.fields[name].label)
        return RowError(field=name or "", column=column or label, message=str(message))


def import_check(*, imported: RegistrationImport, actor: Actor, on_row=None) -> list[RowOutcome]:
    """Every row checked, nothing written."""
    checker = RowChecker(imported)
    outcomes = []
    for line, cells in imported.rows:
        outcomes.append(checker.row(line, cells, apply=False, actor=actor))
        if on_row:
            on_row()
    return outcomes


def import_apply(
    *, imported: RegistrationImport, actor: Actor, since=None, on_row=None
) -> list[RowOutcome]:
    """Register every good row, each on its own; the audit entry counts them."""
    checker = RowChecker(imported)
    outcomes = []
    rows = imported.rows
    for start in range(0, len(rows), APPLY_BATCH):
        # Each row in its own savepoint (registration_submit's), a few rows a commit.
        with transaction.atomic():
            for line, cells in rows[start : start + APPLY_BATCH]:
                outcomes.append(checker.row(line, cells, apply=True, actor=actor, since=since))
                if on_row:
                    on_row()
    created = sum(1 for outcome in outcomes if outcome.reference)
    with transaction.atomic():
        audit_record(
            event=imported.event,
            actor=actor,
            action="registrations.imported",
            obj=imported.event,
            data={
                "import": imported.pk,
                "file": imported.file_name,
                "created": created,
                "refused": len(outcomes) - created,
                "confirmations": imported.send_confirmations,
            },
        )
    return outcomes
