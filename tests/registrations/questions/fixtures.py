"""Shared set-up for the questions' tests: a summit with two categories and questions."""

from registrations.registration.models import Answer, Question, QuestionOption
from tests.factories import RegistrationFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def choice_question(event, *, label="Which workshop?", position=0, required=False, **fields):
    question = Question.objects.create(
        event=event,
        label={"en": label, "ar": "أي ورشة؟"},
        kind=Question.Kind.CHOICE,
        required=required,
        position=position,
        **fields,
    )
    QuestionOption.objects.create(
        question=question, value="cyber", label={"en": "Cybercrime", "ar": "الجرائم الإلكترونية"}
    )
    QuestionOption.objects.create(
        question=question, value="trade", label={"en": "Trade", "ar": "التجارة"}, position=1
    )
    return question


def text_question(event, *, label="Anything else?", position=0, kind=Question.Kind.TEXT, **fields):
    return Question.objects.create(
        event=event, label={"en": label}, kind=kind, position=position, **fields
    )


def answered(question, value, **registration_fields) -> Answer:
    registration = RegistrationFactory(event=question.event, **registration_fields)
    return Answer.objects.create(registration=registration, question=question, value=value)
