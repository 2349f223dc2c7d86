"""A summit copied into a new one takes its registration questions, with their options
and the categories they are asked of (`events.summit.copies`); never a registration
or an answer."""

from events.summit.copies import EventCopy
from registrations.registration.models import Question, QuestionOption


def copy_questions(event_copy: EventCopy) -> None:
    questions = Question.objects.filter(event=event_copy.source).order_by("pk")
    event_copy.copy_rows(questions.prefetch_related("categories"))
    event_copy.copy_rows(
        QuestionOption.objects.filter(question__event=event_copy.source).order_by("pk")
    )
