"""Erasing registrants' personal data: on request, and after each event's retention period.

What stays is what anonymous statistics need: event, category, country, status,
delegation, dates, badges and check-in records (counts per zone). Everything that
names or reaches a person goes: names, email, phone, organization, job title,
photo, answers, dietary and accessibility needs, the officer's free-text reason.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.summit.models import Event
from events.summit.selectors import event_message_scope
from notifications.services import messages_erase_recipient
from registrations.questions.files import answer_file_delete
from registrations.registration.models import Question, Registration, new_secret_token
from registrations.registration.services import registration_cancel
from registrations.registration.workflow import Action, registration_allowed_actions


def erased_email(registration: Registration) -> str:
    """A unique stand-in for the address: no `@`, so nothing can ever be sent to it."""
    return f"erased-{registration.pk}"


def registration_erase_personal_data(
    *, registration_id: int, actor: Actor, reason: str = ""
) -> Registration:
    """Erase one registration's personal data; a second call changes nothing."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration_id)
        )
        if registration.personal_data_erased_at is not None:
            return registration
        photo_name = registration.photo.name if registration.photo else ""
        storage = registration.photo.storage
        # The outbox holds the address and the messages' text (names, links).
        messages_erase_recipient(
            scope=event_message_scope(registration.event), recipient=registration.email
        )
        registration.title = ""
        registration.first_name = ""
        registration.last_name = ""
        registration.name_ar = ""
        registration.email = erased_email(registration)
        registration.phone = ""
        registration.organization = ""
        registration.job_title = ""
        registration.photo = ""
        registration.dietary_needs = ""
        registration.accessibility_needs = ""
        registration.decision_reason = ""
        registration.reason_visible = False
        # The old secret links must not open a page (or the calendar feed) of the erased record.
        registration.secret_token = new_secret_token()
        registration.feed_secret = new_secret_token()
        registration.personal_data_erased_at = timezone.now()
        registration.save()
        answer_files = [
            answer.value
            for answer in registration.answers.filter(question__kind=Question.Kind.FILE)
        ]
        registration.answers.all().delete()
        audit_record(
            event=registration.event,
            actor=actor,
            action="registration.personal_data_erased",
            obj=registration,
            reason=reason,
            data={"photo": bool(photo_name)},
        )
        if photo_name:
            # Only once the erasure is committed: a rollback must not lose the file
            # of a record that still points at it.
            transaction.on_commit(lambda: storage.delete(photo_name))
        for value in answer_files:
            transaction.on_commit(lambda value=value: answer_file_delete(value))
    return registration


def registration_request_deletion(*, registration_id: int, actor: Actor) -> Registration:
    """The registrant's own request: cancel (freeing the place, revoking the badge), then erase."""
    with transaction.atomic():
        registration = Registration.objects.get(pk=registration_id)
        # Where the registrant may cancel, the deletion request cancels first.
        if Action.CANCEL in registration_allowed_actions(registration):
            registration_cancel(
                registration_id=registration_id,
                actor=actor,
                reason=_("Cancelled by the registrant, who asked for their data to be deleted."),
            )
        return registration_erase_personal_data(
            registration_id=registration_id,
            actor=actor,
            reason=_("Deletion requested by the registrant."),
        )


def events_past_retention(*, now: datetime | None = None) -> list[Event]:
    """Events that ended more than their `retention_days` ago."""
    now = now or timezone.now()
    return [
        event
        for event in Event.objects.filter(ends_at__lt=now).order_by("ends_at")
        if event.ends_at + timedelta(days=event.retention_days) <= now
    ]


def personal_data_purge(*, now: datetime | None = None) -> int:
    """Erase the personal data of every registration of events past retention.

    Idempotent: registrations already erased are skipped. Each erasure is its
    own transaction and audit entry, so an interrupted run loses nothing.
    """
    erased = 0
    actor = Actor.system()
    for event in events_past_retention(now=now):
        pending = Registration.objects.filter(
            event=event, personal_data_erased_at__isnull=True
        ).values_list("pk", flat=True)
        reason = _("Retention period of %(days)s days after the event ended.") % {
            "days": event.retention_days
        }
        for registration_id in list(pending):
            registration_erase_personal_data(
                registration_id=registration_id, actor=actor, reason=reason
            )
            erased += 1
    return erased
