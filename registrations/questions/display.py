"""Answers as people read them: on the officer's registration page, in the CSV export and
beside the raw value in the API. An option shows its label, yes/no a word, a date its
ISO form, a file the name it had on the registrant's computer and its size."""

from contextlib import nullcontext
from dataclasses import dataclass

from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import override

from registrations.registration.models import Answer, Question

# The answers of registrations with their questions and options: one query each.
ANSWERS_PREFETCH = Prefetch(
    "answers",
    queryset=Answer.objects.select_related("question").prefetch_related("question__options"),
)


def answer_text(question: Question, value, *, language: str | None = None) -> str:
    """The answer in words; option labels and yes/no in `language` (else the active one)."""
    with override(language) if language else nullcontext():
        kind = Question.Kind
        if question.kind in (kind.CHOICE, kind.MULTIPLE):
            labels = {
                option.value: option.label.in_language(language) if language else str(option.label)
                for option in question.options.all()
            }
            values = value if isinstance(value, list) else [value]
            return "; ".join(labels.get(str(item), str(item)) for item in values)
        if question.kind == kind.YES_NO:
            return str(_("Yes") if value is True else _("No") if value is False else value)
        if question.kind == kind.FILE:
            if isinstance(value, dict):
                return f"{value.get('original_name', '')} ({filesizeformat(value.get('size', 0))})"
            return ""
        return "" if value is None else str(value)


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    text: str
    is_file: bool


def answer_rows(registration) -> list[AnswerRow]:
    """The registration's answers in the form's order."""
    answers = sorted(
        registration.answers.select_related("question").prefetch_related("question__options"),
        key=lambda answer: (answer.question.position, answer.question.pk),
    )
    return [
        AnswerRow(
            question=answer.question,
            text=answer_text(answer.question, answer.value),
            is_file=answer.question.kind == Question.Kind.FILE and isinstance(answer.value, dict),
        )
        for answer in answers
    ]
