"""Reading an event's questions, in the form's order."""

from django.db.models import Count, Prefetch, QuerySet

from events.summit.models import Event
from registrations.registration.models import Question, QuestionOption


def event_questions(*, event: Event) -> QuerySet[Question]:
    return (
        Question.objects.filter(event=event)
        .annotate(answer_count=Count("answers", distinct=True))
        .prefetch_related(
            "categories", Prefetch("options", queryset=QuestionOption.objects.order_by("position"))
        )
        .order_by("position", "pk")
    )
