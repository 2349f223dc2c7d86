"""Writing an event's questions (the registration form builder), for its admins.

The builder page (`/manage/<slug>/settings/questions/`) and the API
(`/api/v1/events/<slug>/questions/`) call these alone. Each step locks the event's row,
so two admins reordering at once cannot interleave positions, and is in the audit log.

The rules: a question's categories are the event's; a single or multiple choice
question has options, one of another kind has none; option values are slugs, each once
per question, their labels written in the event's main language. Answers are
registrants' data: a question that has answers keeps its kind, keeps the options
its answers chose, and is not deleted (409 naming the answers, `events.in_use`);
an admin who no longer wants it asked removes its categories' turn or makes it
optional instead.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.audit.services import Actor, audit_record
from events.errors import DomainError
from events.in_use import InUseError, Use
from events.summit.models import Event, RegistrationCategory
from events.translated.text import TranslatedText
from events.translated.validation import main_language_missing, translation_errors
from registrations.registration.models import Answer, Question, QuestionOption

# What an admin sets on a question (besides `categories` and `options`).
QUESTION_FIELDS = ("kind", "label", "help_text", "required", "position")
MAX_OPTIONS = 100


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _question(event: Event, question_id: int) -> Question:
    return Question.objects.select_for_update().get(pk=question_id, event=event)


def _check_label(
    label, *, event: Event, field: str, max_length: int, required: bool = True
) -> dict:
    """The text per language, written in the event's main language (when `required`),
    or a refusal."""
    if isinstance(label, TranslatedText):
        label = label.as_dict()
    if not isinstance(label, dict):
        raise DomainError(_("Enter the text as an object keyed by language."), field=field)
    values = {
        language: text.strip() if isinstance(text, str) else text
        for language, text in label.items()
    }
    errors = translation_errors(values, max_length=max_length)
    if required and not errors and not values.get(event.main_language):
        errors.append(main_language_missing(event.main_language))
    if errors:
        raise DomainError(errors[0].messages[0], field=field, code=errors[0].code or "invalid")
    return TranslatedText(values).as_dict()


def _help_text(value, *, event: Event) -> dict:
    return _check_label(value or {}, event=event, field="help_text", max_length=500, required=False)


def _categories_of_event(event: Event, categories) -> list[RegistrationCategory]:
    categories = list(categories)
    if any(category.event_id != event.pk for category in categories):
        raise DomainError(_("This category belongs to another summit."), field="categories")
    return categories


def _clean_options(event: Event, kind: str, options) -> list[dict]:
    """The options as `[{"value", "label"}]`, or a refusal naming the field `options`."""
    options = list(options or [])
    if kind not in Question.KINDS_WITH_OPTIONS:
        if options:
            raise DomainError(
                _("Only single and multiple choice questions have options."),
                field="options",
                code="no_options",
            )
        return []
    if not options:
        raise DomainError(
            _("A choice question needs at least one option."),
            field="options",
            code="required",
        )
    if len(options) > MAX_OPTIONS:
        raise DomainError(
            _("A question has at most %(count)s options.") % {"count": MAX_OPTIONS},
            field="options",
        )
    cleaned, seen = [], set()
    for option in options:
        value = str(option.get("value", "")).strip()
        try:
            validate_slug(value)
        except ValidationError as error:
            raise DomainError(
                _("An option's value is a slug: letters, digits, hyphens and underscores."),
                field="options",
                code="invalid_value",
            ) from error
        if len(value) > 50:
            raise DomainError(_("An option's value has at most 50 characters."), field="options")
        if value in seen:
            raise DomainError(
                _("Two options have the value “%(value)s”.") % {"value": value},
                field="options",
                code="duplicate_value",
            )
        seen.add(value)
        label = _check_label(option.get("label"), event=event, field="options", max_length=200)
        cleaned.append({"value": value, "label": label})
    return cleaned


def _answered_values(question: Question) -> set[str]:
    """The option values that registrants' answers chose."""
    chosen: set[str] = set()
    for value in Answer.objects.filter(question=question).values_list("value", flat=True):
        chosen.update(value if isinstance(value, list) else [value])
    return {str(value) for value in chosen}


def _write_options(question: Question, options: list[dict]) -> None:
    """Replace the question's options; an option keeps its row (and id) by its value."""
    existing = {option.value: option for option in question.options.all()}
    keep = []
    for position, option in enumerate(options):
        row = existing.get(option["value"]) or QuestionOption(
            question=question, value=option["value"]
        )
        row.label = option["label"]
        row.position = position
        row.save()
        keep.append(row.pk)
    question.options.exclude(pk__in=keep).delete()


MAX_POSITION = 32767  # the column's limit


def _next_position(event: Event) -> int:
    """The place after the last question; positions are packed again when none is left."""
    last = event.questions.order_by("-position").values_list("position", flat=True).first()
    if last is None:
        return 0
    if last >= MAX_POSITION:
        order = list(event.questions.order_by("position", "pk").values_list("pk", flat=True))
        _renumber(event, order)
        return len(order)
    return last + 1


def question_create(*, event: Event, actor: Actor, data: dict) -> Question:
    """Add a question at the end of the form (or at `position`); `data` holds
    `QUESTION_FIELDS`, `categories` (empty: asked of all) and `options`."""
    data = dict(data)
    with transaction.atomic():
        event = _lock_event(event.pk)
        kind = data.get("kind", Question.Kind.TEXT)
        categories = _categories_of_event(event, data.pop("categories", []))
        options = _clean_options(event, kind, data.pop("options", []))
        question = Question(
            event=event,
            kind=kind,
            label=_check_label(data.get("label"), event=event, field="label", max_length=300),
            help_text=_help_text(data.get("help_text"), event=event),
            required=bool(data.get("required", False)),
            position=data["position"] if "position" in data else _next_position(event),
        )
        question.save()
        question.categories.set(categories)
        _write_options(question, options)
        audit_record(
            event=event,
            actor=actor,
            action="question.created",
            obj=question,
            data={"kind": question.kind, "label": str(question.label)},
        )
    return question


def question_update(*, event: Event, question_id: int, actor: Actor, changes: dict) -> Question:
    """Change a question; `categories` and `options`, when given, replace the current ones."""
    changes = dict(changes)
    with transaction.atomic():
        event = _lock_event(event.pk)
        question = _question(event, question_id)
        changed = []
        kind = changes.get("kind", question.kind)
        has_answers = question.answers.exists()
        if kind != question.kind:
            if has_answers:
                raise DomainError(
                    _(
                        "Registrants have answered this question: its kind stays, so that "
                        "their answers still fit it."
                    ),
                    field="kind",
                    code="answered",
                )
            question.kind = kind
            changed.append("kind")
        if "label" in changes:
            label = _check_label(changes["label"], event=event, field="label", max_length=300)
            if label != question.label.as_dict():
                question.label = label
                changed.append("label")
        if "help_text" in changes:
            help_text = _help_text(changes["help_text"], event=event)
            if help_text != question.help_text.as_dict():
                question.help_text = help_text
                changed.append("help_text")
        for name in ("required", "position"):
            if name in changes and changes[name] != getattr(question, name):
                setattr(question, name, changes[name])
                changed.append(name)
        if "categories" in changes:
            categories = _categories_of_event(event, changes["categories"])
            if {c.pk for c in categories} != set(question.categories.values_list("pk", flat=True)):
                changed.append("categories")
            question.categories.set(categories)
        options = changes.get("options")
        if options is None and "kind" in changed:
            # A new kind without options given: the current ones, if it may have them.
            options = (
                [
                    {"value": option.value, "label": option.label.as_dict()}
                    for option in question.options.all()
                ]
                if kind in Question.KINDS_WITH_OPTIONS
                else []
            )
        if options is not None:
            options = _clean_options(event, kind, options)
            if has_answers and kind in Question.KINDS_WITH_OPTIONS:
                _check_answered_options_kept(question, options)
            _write_options(question, options)
            changed.append("options")
        question.save()
        audit_record(
            event=event,
            actor=actor,
            action="question.updated",
            obj=question,
            data={"fields": sorted(set(changed))},
        )
    return question


def _check_answered_options_kept(question: Question, options: list[dict]) -> None:
    dropped = sorted(_answered_values(question) - {option["value"] for option in options})
    if dropped:
        raise DomainError(
            _("Registrants chose “%(values)s”: keep these options, or their answers are lost.")
            % {"values": "”, “".join(dropped)},
            field="options",
            code="answered",
        )


def question_delete(*, event: Event, question_id: int, actor: Actor) -> None:
    """Delete a question nobody answered; one with answers is refused (409)."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        question = _question(event, question_id)
        answers = question.answers.count()
        if answers:
            what = str(Answer._meta.verbose_name_plural)
            raise InUseError(
                ngettext(
                    "“%(name)s” cannot be deleted: %(count)s registrant answered it. "
                    "Make it optional, or ask it of no category you still register, instead.",
                    "“%(name)s” cannot be deleted: %(count)s registrants answered it. "
                    "Make it optional, or ask it of no category you still register, instead.",
                    answers,
                )
                % {"name": question.label, "count": answers},
                uses=[Use(what, answers)],
            )
        audit_record(
            event=event,
            actor=actor,
            action="question.deleted",
            obj=question,
            data={"kind": question.kind, "label": str(question.label)},
        )
        question.delete()
        _renumber(event, [row.pk for row in event.questions.all()])


def _renumber(event: Event, ordered_ids: list[int]) -> None:
    rows = {row.pk: row for row in event.questions.all()}
    changed = []
    for position, pk in enumerate(ordered_ids):
        row = rows[pk]
        if row.position != position:
            row.position = position
            changed.append(row)
    Question.objects.bulk_update(changed, ["position"])


def questions_reorder(*, event: Event, order: list[int], actor: Actor) -> None:
    """Put the questions in `order` (every question of the event's, each once, by id)."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        current = list(event.questions.values_list("pk", flat=True))
        if len(order) != len(set(order)) or set(order) != set(current):
            raise DomainError(
                _("The order must name each of the summit's questions once."),
                field="order",
                code="invalid_order",
            )
        _renumber(event, order)
        audit_record(
            event=event, actor=actor, action="questions.reordered", obj=event, data={"order": order}
        )


def question_move(*, event: Event, question_id: int, actor: Actor, offset: int) -> None:
    """Move a question one place up (`offset=-1`) or down (`+1`); at an end, it stays."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        order = list(event.questions.values_list("pk", flat=True))
        index = order.index(_question(event, question_id).pk)
        target = index + offset
        if not 0 <= target < len(order):
            return
        order[index], order[target] = order[target], order[index]
        _renumber(event, order)
        audit_record(
            event=event, actor=actor, action="questions.reordered", obj=event, data={"order": order}
        )
