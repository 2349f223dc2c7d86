"""Who a mailing goes to: the event's registrants that match the officer's filters.

Without a status, a mailing goes to everyone still in the summit (pending, in vetting,
approved, on the waiting list): a cancelled, rejected or revoked registrant is written
to only when the officer picks that status.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from events.summit.models import Event
from registrations.checkin.models import ZonePresence
from registrations.registration.models import Question, Registration, Status

FILTERS = (
    "status",
    "category",
    "delegation",
    "country",
    "language",
    "checked_in",
    "question",
    "answer",
)
STILL_IN = (Status.PENDING, Status.VETTING, Status.APPROVED, Status.WAITLISTED)
# Questions whose answers are values to pick from: the ones a mailing can filter on.
FILTERABLE_QUESTIONS = (Question.Kind.CHOICE, Question.Kind.MULTIPLE, Question.Kind.YES_NO)
YES_NO = {"yes": True, "no": False}


class FilterError(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def filters_clean(*, event: Event, filters: dict) -> dict[str, str]:
    """The filters as strings, each checked against the event; `FilterError` naming each bad one."""
    unknown = sorted(set(filters) - set(FILTERS))
    chosen = {name: str(filters.get(name) or "").strip() for name in FILTERS}
    errors = {name: _("Unknown filter.") for name in unknown}
    if chosen["status"] and chosen["status"] not in Status.values:
        errors["status"] = _("Unknown status.")
    if chosen["category"] and not event.categories.filter(slug=chosen["category"]).exists():
        errors["category"] = _("This event has no such category.")
    if chosen["delegation"] and not (
        chosen["delegation"].isdigit()
        and event.delegations.filter(pk=int(chosen["delegation"])).exists()
    ):
        errors["delegation"] = _("This event has no such delegation.")
    if chosen["country"]:
        chosen["country"] = chosen["country"].upper()
        if chosen["country"] not in dict(countries):
            errors["country"] = _("Unknown country code.")
    if chosen["language"] and chosen["language"] not in event.languages:
        errors["language"] = _("This event does not offer this language.")
    if chosen["checked_in"] and chosen["checked_in"] not in YES_NO:
        errors["checked_in"] = _("Choose yes or no.")
    errors.update(_answer_errors(event, chosen))
    if errors:
        raise FilterError(errors)
    return {name: value for name, value in chosen.items() if value}


def _answer_errors(event: Event, chosen: dict[str, str]) -> dict[str, str]:
    if not chosen["question"]:
        return {"answer": _("Choose the question first.")} if chosen["answer"] else {}
    question = (
        event.questions.filter(pk=int(chosen["question"]), kind__in=FILTERABLE_QUESTIONS).first()
        if chosen["question"].isdigit()
        else None
    )
    if question is None:
        return {"question": _("This event has no such question with choices.")}
    if question.kind == Question.Kind.YES_NO:
        allowed = set(YES_NO)
    else:
        allowed = set(question.options.values_list("value", flat=True))
    if chosen["answer"] not in allowed:
        return {"answer": _("Not one of the question's answers.")}
    return {}


def mailing_recipients(*, event: Event, filters: dict[str, str]) -> QuerySet[Registration]:
    """The registrants cleaned `filters` choose, in a stable order."""
    queryset = Registration.objects.filter(event=event)
    status = filters.get("status")
    queryset = queryset.filter(status=status) if status else queryset.filter(status__in=STILL_IN)
    if filters.get("category"):
        queryset = queryset.filter(category__slug=filters["category"])
    if filters.get("delegation"):
        queryset = queryset.filter(delegation_id=int(filters["delegation"]))
    if filters.get("country"):
        queryset = queryset.filter(country=filters["country"])
    if filters.get("language"):
        queryset = queryset.filter(language=filters["language"])
    if filters.get("checked_in"):
        inside = Exists(ZonePresence.objects.filter(registration=OuterRef("pk")))
        queryset = queryset.filter(inside if YES_NO[filters["checked_in"]] else ~inside)
    if filters.get("question"):
        queryset = _answered(queryset, int(filters["question"]), filters["answer"])
    return queryset.order_by("pk")


def _answered(queryset, question_id: int, answer: str):
    question = Question.objects.get(pk=question_id)
    if question.kind == Question.Kind.YES_NO:
        return queryset.filter(answers__question_id=question_id, answers__value=YES_NO[answer])
    if question.kind == Question.Kind.MULTIPLE:
        # The JSON text of the list holds the option's value in quotes; option values are
        # slugs, so no other value contains it quoted.
        return queryset.filter(
            answers__question_id=question_id, answers__value__icontains=f'"{answer}"'
        )
    return queryset.filter(answers__question_id=question_id, answers__value=answer)
