"""Writing, previewing and sending a mailing; its counts.

The request checks and stores the mailing and queues the job that writes to each
recipient (registrations/mailings/jobs.py): a mailing to 5,000 registrants answers as
fast as one to five. Each recipient gets one outbox message, keyed by the mailing and
the registrant, so a job run twice (a worker lost mid-way) sends nobody a second copy.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.jobs.services import job_create
from events.jobs.tasks import job_enqueue
from events.summit.models import Event
from events.summit.selectors import event_message_scope
from events.translated.text import TranslatedText
from notifications.models import Status as MessageStatus
from notifications.services import message_enqueue
from registrations.mailings.models import Mailing, MailingRecipient
from registrations.mailings.placeholders import placeholder_errors, placeholders_fill
from registrations.mailings.recipients import FilterError, filters_clean, mailing_recipients
from registrations.registration.messaging import registrant_page_url
from registrations.registration.models import Registration

MAILING_SEND = "mailing_send"
MAX_SUBJECT = 200
MAX_BODY = 20_000


class MailingInvalid(Exception):
    """Field errors: `{"filters": {name: message}, "subject": [...], "body": [...]}`."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Draft:
    filters: dict[str, str]
    subject: dict[str, str]
    body: dict[str, str]


def mailing_check(*, event: Event, filters: dict, subject: dict, body: dict) -> Draft:
    """The mailing as it would be sent, or `MailingInvalid` naming every field at fault."""
    errors: dict = {}
    try:
        clean_filters = filters_clean(event=event, filters=filters or {})
    except FilterError as error:
        errors["filters"] = error.errors
        clean_filters = {}
    for name, texts, limit in (("subject", subject, MAX_SUBJECT), ("body", body, MAX_BODY)):
        problems = _text_errors(event, texts or {}, limit)
        if problems:
            errors[name] = problems
    if errors:
        raise MailingInvalid(errors)
    return Draft(
        clean_filters,
        {code: text.strip() for code, text in subject.items() if text and text.strip()},
        {code: text.strip() for code, text in body.items() if text and text.strip()},
    )


def _text_errors(event: Event, texts: dict, limit: int) -> list[str]:
    problems = []
    other = sorted(code for code in texts if code not in event.languages)
    if other:
        problems.append(
            _("This event does not offer: %(codes)s.") % {"codes": ", ".join(map(str, other))}
        )
    if not str(texts.get(event.main_language) or "").strip():
        problems.append(
            _("Write it in the event's main language (%(language)s) at least.")
            % {"language": event.main_language}
        )
    for code, text in texts.items():
        if not isinstance(text, str):
            problems.append(_("Each language's text must be a string."))
            break
        if len(text) > limit:
            problems.append(
                _("%(language)s: at most %(limit)d characters.")
                % {"language": code, "limit": limit}
            )
        problems += [f"{code}: {problem}" for problem in placeholder_errors(text)]
    return problems


@dataclass(frozen=True)
class Letter:
    """One recipient's message, as the outbox will send it."""

    language: str
    subject: str
    body: str


def mailing_letter(*, event: Event, subject: dict, body: dict, registration) -> Letter:
    """The message `registration` gets: in their language when the mailing has it."""
    texts = TranslatedText(body, main_language=event.main_language)
    language = registration.language if texts.get(registration.language) else event.main_language
    link = registrant_page_url(registration)

    def fill(text: str) -> str:
        return placeholders_fill(
            text, registration=registration, language=language, personal_link=link
        )

    return Letter(
        language=language,
        subject=fill(TranslatedText(subject, main_language=language).in_language(language)),
        body=fill(texts.in_language(language)),
    )


def mailing_preview(
    *, event: Event, draft: Draft, reference: str = ""
) -> tuple[int, Letter | None]:
    """How many the draft reaches, and the message of one of them (`reference`, else the first)."""
    recipients = mailing_recipients(event=event, filters=draft.filters)
    chosen = recipients.filter(reference=reference.upper()).first() if reference else None
    chosen = chosen or recipients.first()
    letter = None
    if chosen is not None:
        letter = mailing_letter(
            event=event, subject=draft.subject, body=draft.body, registration=chosen
        )
    return recipients.count(), letter


@transaction.atomic
def mailing_send(*, event: Event, draft: Draft, actor: Actor) -> Mailing:
    """Store the mailing and queue the job that writes to each recipient."""
    total = mailing_recipients(event=event, filters=draft.filters).count()
    if total == 0:
        raise MailingInvalid({"filters": {"": _("No registrant matches these filters.")}})
    user = actor.user if getattr(actor.user, "pk", None) else None
    mailing = Mailing.objects.create(
        event=event,
        filters=draft.filters,
        subject=draft.subject,
        body=draft.body,
        created_by=user,
        created_by_label=actor.label,
        recipients_total=total,
    )
    mailing.job = job_create(
        event=event,
        kind=MAILING_SEND,
        actor=actor,
        params={"mailing": mailing.pk},
        total=total,
    )
    mailing.save(update_fields=["job"])
    audit_record(
        event=event,
        actor=actor,
        action="mailing.sent",
        obj=event,
        data={"mailing": mailing.pk, "filters": draft.filters, "recipients": total},
    )
    job_enqueue(mailing.job)
    return mailing


def mailing_write_to(mailing: Mailing, registration: Registration) -> None:
    """The recipient's outbox message, once per mailing whatever retries."""
    letter = mailing_letter(
        event=mailing.event,
        subject=mailing.subject.as_dict(),
        body=mailing.body.as_dict(),
        registration=registration,
    )
    with transaction.atomic():
        recipient, _created = MailingRecipient.objects.get_or_create(
            mailing=mailing, registration=registration
        )
        if recipient.message_id is not None:
            return
        recipient.message = message_enqueue(
            dedupe_key=f"mailing:{mailing.pk}:registration:{registration.pk}",
            recipient=registration.email,
            recipient_name=registration.display_name,
            subject=letter.subject,
            body_text=letter.body,
            kind="mailing",
            language=letter.language,
            scope=event_message_scope(mailing.event),
        )
        recipient.save(update_fields=["message"])


def mailing_counts(mailing: Mailing) -> dict[str, int]:
    """Recipients, and their messages by outbox status (every status, zero included)."""
    rows = dict(
        MailingRecipient.objects.filter(mailing=mailing)
        .values_list("message__status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {status: rows.get(status, 0) for status in MessageStatus.values}
    return {"recipients": mailing.recipients_total, "written": sum(rows.values()), **counts}
