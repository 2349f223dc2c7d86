"""Registering, and the accreditation workflow that follows.

Which status may follow which is registrations/registration/workflow.py. In a
category that requires security vetting, "approved" means `vetting` first: the
registration holds its place but gets no badge until the security service clears
it (registrations/vetting/services.py).

Each step is one transaction that locks the event row first, so capacity
decisions never race, then writes the audit entry and queues the message.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.summit.models import Event, RegistrationCategory
from notifications.services import DeferredAttachment
from registrations.badges.services import BADGE_PDF_PRODUCER, badge_issue, badge_revoke_current
from registrations.delegations.models import Delegation
from registrations.delegations.quotas import QuotaLedger, members_refusal, quota_refusal
from registrations.questions.files import (
    CheckedFile,
    answer_file_check,
    answer_file_delete,
    answer_file_store,
)
from registrations.registration import forms_of_address, messaging
from registrations.registration.calendar import SummitEntryExporter
from registrations.registration.capacity import has_room, lock_event, places_held, waitlist_queue
from registrations.registration.errors import (
    DuplicateRegistration,
    RegistrationClosed,
    RegistrationError,
    RegistrationFull,
    TransitionNotAllowed,
)
from registrations.registration.models import (
    HOLDS_A_PLACE,
    TITLE_CONTRADICTS_GENDER,
    Answer,
    Invitation,
    Question,
    Registration,
    Status,
    random_code,
)
from registrations.registration.reminders import summit_reminder_cancel
from registrations.registration.workflow import (
    Action,
    approved_or_vetting,
    registration_allowed_actions,
    status_enter,
    transition_target,
)

# Fields a registrant may still change while the registration is pending.
REGISTRANT_EDITABLE = (
    "title",
    "gender",
    "first_name",
    "last_name",
    "name_ar",
    "phone",
    "organization",
    "job_title",
    "country",
    "language",
    "dietary_needs",
    "accessibility_needs",
)


@dataclass
class RegistrationInput:
    """What a registrant submits, already checked for format by a form or serializer."""

    first_name: str
    last_name: str
    email: str
    organization: str
    job_title: str
    country: str
    category: str
    consent: bool
    title: str = ""
    gender: str = ""
    name_ar: str = ""
    phone: str = ""
    # Empty: the event's main language.
    language: str = ""
    invitation_code: str = ""
    delegation: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""
    photo: object | None = None
    answers: dict[int, object] = field(default_factory=dict)


def event_reference_prefix(event: Event) -> str:
    """`unity-for-security` → `UFS`: the initials of the slug's words."""
    initials = "".join(word[0] for word in event.slug.split("-") if word)
    return (initials or "REG")[:4].upper()


def registration_submit(
    *,
    event: Event,
    data: RegistrationInput,
    actor: Actor | None = None,
    by_organizer: bool = False,
    notify: bool = True,
    check_only: bool = False,
) -> Registration | None:
    """Register someone for an event. Raises a RegistrationError subclass on refusal.

    A duplicate email raises DuplicateRegistration (never a second record). Only
    callers that may know who is registered (officers) say so; the public form and
    the anonymous API go through `registration_submit_public`.

    `by_organizer` (an officer's import): any category of the event, public or by
    invitation only, at any time (the registration window is the public's); every
    other rule holds. `notify=False`: no message to the registrant (the badge of an
    approved registration is still issued). `check_only`: every check, without lock,
    and nothing written (None): an import's dry run.
    """
    actor = actor or Actor(label="registrant")
    if not data.consent:
        raise RegistrationError(
            _("You must agree to the processing of your data to register."),
            field="consent",
            code="required",
        )
    if forms_of_address.gender_contradicts_title(title=data.title, gender=data.gender):
        raise RegistrationError(str(TITLE_CONTRADICTS_GENDER), field="gender", code="invalid")
    state = "open" if by_organizer else event.registration_state()
    if state == "not_yet_open":
        raise RegistrationClosed(_("Registration has not opened yet."), code="not_open")
    if state == "closed":
        raise RegistrationClosed(_("Registration is closed."), code="closed")

    data = replace(data, language=data.language or event.main_language)
    if data.language not in event.languages:
        raise RegistrationError(
            _("This event's messages are not written in that language."),
            field="language",
            code="invalid_choice",
        )
    category, invitation = _category_and_invitation(
        event=event, data=data, by_organizer=by_organizer
    )
    delegation = _delegation(event=event, data=data, invitation=invitation)
    answers = _clean_answers(event=event, category=category, answers=data.answers)
    if check_only:
        _admission(
            event=event, data=data, category=category, invitation=invitation, delegation=delegation
        )
        return None

    return _submit_locked(
        event=event,
        data=data,
        actor=actor,
        category=category,
        invitation=invitation,
        delegation=delegation,
        answers=answers,
        notify=notify,
    )


def registration_submit_public(
    *, event: Event, data: RegistrationInput, actor: Actor | None = None
) -> None:
    """Register someone who is not signed in, without saying whether they already were.

    A new address and an already registered one (in any letter case) get the same
    outcome, so nobody can learn from the answer whether a given minister
    registered: the new registrant's email carries their reference and link, the
    existing one's says they were already registered, with their link. Every other
    refusal (bad field, closed, full) is raised as for officers; none of them
    depends on the address, because the duplicate check comes last.
    """
    try:
        registration_submit(event=event, data=data, actor=actor)
    except DuplicateRegistration:
        # After the rollback, so that the message is not rolled back with it.
        registration = Registration.objects.filter(
            event=event, email__iexact=data.email.strip()
        ).first()
        if registration is not None:
            messaging.registration_already_registered(registration)


def _admission(*, event, data, category, invitation, delegation) -> str:
    """The status the registration enters, or the refusal: the delegation's quota, the
    invitation's uses, the places, the address (under the event lock when it writes)."""
    if delegation is not None:
        _check_delegation_quota(delegation)
        # Refused even when the category is full: a member on the waiting list would
        # wait for a place the delegation may not fill.
        refusal = quota_refusal(delegation=delegation, category=category)
        if refusal:
            raise RegistrationError(refusal, field="category", code="quota")
    if invitation is not None:
        _check_invitation_usable(invitation, email=data.email)

    if has_room(event=event, category=category):
        needs_review = category.requires_approval and not (invitation and invitation.skips_approval)
        status = Status.PENDING if needs_review else approved_or_vetting(category)
    elif category.allows_waitlist:
        status = Status.WAITLISTED
    else:
        raise RegistrationFull(
            _("Sorry, this category is full and has no waiting list."), code="full"
        )
    # Last of the checks: no refusal above may depend on whether the address is known.
    if Registration.objects.filter(event=event, email__iexact=data.email).exists():
        raise DuplicateRegistration(
            _("This email address is already registered for this event."),
            field="email",
            code="duplicate",
        )
    return status


@transaction.atomic
def _submit_locked(*, event, data, actor, category, invitation, delegation, answers, notify):
    event = lock_event(event.pk)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    status = _admission(
        event=event, data=data, category=category, invitation=invitation, delegation=delegation
    )

    registration = _create_with_unique_reference(
        event=event,
        category=category,
        status=status,
        data=data,
        invitation=invitation,
        delegation=delegation,
    )
    stored_files = _store_answers(event=event, registration=registration, answers=answers)
    # A step that fails from here on leaves no file behind.
    try:
        return _after_submit(
            registration,
            event=event,
            actor=actor,
            status=status,
            invitation=invitation,
            notify=notify,
        )
    except Exception:
        _delete_files(stored_files)
        raise


def _after_submit(registration, *, event, actor, status, invitation, notify):
    category = registration.category
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(uses=invitation.uses + 1)
    entry = audit_record(
        event=event,
        actor=actor,
        action="registration.submitted",
        obj=registration,
        data={"status": status, "category": category.slug},
    )
    if notify:
        messaging.registration_received(registration, entry_id=entry.pk)
    if status == Status.APPROVED:
        _after_approval(registration, entry_id=entry.pk, notify=notify)
    return registration


def _category_and_invitation(
    *, event: Event, data: RegistrationInput, by_organizer: bool = False
) -> tuple[RegistrationCategory, Invitation | None]:
    category = event.categories.filter(slug=data.category).first()
    invitation = None
    code = data.invitation_code.strip().upper()
    if code:
        invitation = Invitation.objects.filter(event=event, code=code).first()
        if invitation is None:
            raise RegistrationError(
                _("This invitation code is not valid."), field="invitation_code", code="invalid"
            )
    if category is None or not (
        by_organizer or category.is_public or (invitation and invitation.category_id == category.pk)
    ):
        raise RegistrationError(
            _("Choose one of the categories open for registration."),
            field="category",
            code="invalid_choice",
        )
    if category.invitation_only and invitation is None and not by_organizer:
        raise RegistrationError(
            _("This category is by invitation only: enter your invitation code."),
            field="invitation_code",
            code="required",
        )
    if invitation is not None:
        if invitation.category_id != category.pk:
            raise RegistrationError(
                _("This invitation is for another category."),
                field="invitation_code",
                code="wrong_category",
            )
        _check_invitation_usable(invitation, email=data.email)
    return category, invitation


def _check_invitation_usable(invitation: Invitation, *, email: str) -> None:
    if invitation.expires_at and invitation.expires_at <= timezone.now():
        raise RegistrationError(
            _("This invitation code has expired."), field="invitation_code", code="expired"
        )
    if invitation.uses >= invitation.max_uses:
        raise RegistrationError(
            _("This invitation code has already been used."),
            field="invitation_code",
            code="used_up",
        )
    if invitation.email and invitation.email.casefold() != email.casefold():
        raise RegistrationError(
            _("This invitation code was issued for another email address."),
            field="invitation_code",
            code="other_email",
        )


def _delegation(
    *, event: Event, data: RegistrationInput, invitation: Invitation | None
) -> Delegation | None:
    code = data.delegation.strip().upper()
    if code:
        delegation = Delegation.objects.filter(event=event, join_code=code).first()
        if delegation is None:
            raise RegistrationError(
                _("No delegation has this joining code."), field="delegation", code="invalid"
            )
        return delegation
    return invitation.delegation if invitation else None


def _check_delegation_quota(delegation: Delegation) -> None:
    refusal = members_refusal(delegation=delegation)
    if refusal:
        raise RegistrationError(refusal, field="delegation", code="quota")


def _clean_answers(
    *, event: Event, category: RegistrationCategory, answers: dict
) -> list[tuple[Question, object]]:
    """Check answers against the questions asked of this category; the field is `q<id>`.

    Only the category's questions are asked: an empty answer to another's is no answer,
    a given one is refused naming its field (it would be lost otherwise).
    """
    from django.db.models import Q

    questions = list(
        event.questions.filter(Q(categories=None) | Q(categories=category))
        .distinct()
        .prefetch_related("options")
    )
    asked = {question.pk for question in questions}
    given = {pk for pk, value in answers.items() if value not in EMPTY_ANSWERS}
    # Ids a database key can hold (a made-up one is no question at all, below).
    elsewhere = {pk for pk in given - asked if isinstance(pk, int) and 0 < pk < 2**63}
    others = set(event.questions.filter(pk__in=elsewhere).values_list("pk", flat=True))
    if others:
        raise RegistrationError(
            _("This question is not asked of the category you chose."),
            field=f"q{min(others)}",
            code="not_asked",
        )
    unknown = sorted(given - asked)
    if unknown:
        # Dropping them would lose what the registrant meant to tell the event.
        raise RegistrationError(
            _("No such question for this category: %(ids)s.")
            % {"ids": ", ".join(str(pk) for pk in unknown)},
            field="answers",
            code="unknown_question",
        )
    cleaned = []
    for question in questions:
        name = f"q{question.pk}"
        value = answers.get(question.pk)
        if value in EMPTY_ANSWERS:
            if question.required:
                raise RegistrationError(
                    _("This question needs an answer."), field=name, code="required"
                )
            continue
        cleaned.append((question, _clean_answer(question, value, name)))
    return cleaned


EMPTY_ANSWERS = (None, "", [])
# The characters an answer of kind text, and long text, may have.
TEXT_ANSWER_LIMIT = 2000
LONG_TEXT_ANSWER_LIMIT = 10000


def _clean_answer(question: Question, value, name: str):
    kind = question.Kind
    allowed = {option.value for option in question.options.all()}
    if question.kind == kind.CHOICE:
        if not isinstance(value, str) or value not in allowed:
            raise RegistrationError(
                _("Choose one of the options."), field=name, code="invalid_choice"
            )
        return value
    if question.kind == kind.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        if not values or any(not isinstance(item, str) or item not in allowed for item in values):
            raise RegistrationError(
                _("Choose among the options."), field=name, code="invalid_choice"
            )
        return sorted(set(values))
    if question.kind == kind.YES_NO:
        if value in (True, "yes", "true", "on", "1"):
            return True
        if value in (False, "no", "false", "0"):
            return False
        raise RegistrationError(_("Answer yes or no."), field=name, code="invalid")
    if question.kind == kind.DATE:
        try:
            return (
                value if isinstance(value, date) else date.fromisoformat(str(value))
            ).isoformat()
        except ValueError as error:
            raise RegistrationError(
                _("Enter a date as YYYY-MM-DD."), field=name, code="invalid"
            ) from error
    if question.kind == kind.FILE:
        if isinstance(value, CheckedFile):  # checked by the form already
            return value
        try:
            return answer_file_check(value)
        except ValidationError as error:
            raise RegistrationError(error.messages[0], field=name, code=error.code) from error
    if not isinstance(value, str):
        raise RegistrationError(_("Enter the answer as text."), field=name, code="invalid")
    text = value.strip()
    if question.kind == kind.LONG_TEXT:
        if len(text) > LONG_TEXT_ANSWER_LIMIT:
            raise RegistrationError(
                _("Keep the answer under 10,000 characters."), field=name, code="too_long"
            )
    elif len(text) > TEXT_ANSWER_LIMIT:
        raise RegistrationError(
            _("Keep the answer under 2,000 characters."), field=name, code="too_long"
        )
    return text


def _store_answers(*, event: Event, registration: Registration, answers) -> list[dict]:
    """Save the answers, storing their files; the stored files' values."""
    rows, files = [], []
    for question, value in answers:
        if isinstance(value, CheckedFile):
            value = answer_file_store(value, event_id=event.pk)
            files.append(value)
        rows.append(Answer(registration=registration, question=question, value=value))
    try:
        Answer.objects.bulk_create(rows)
    except Exception:
        _delete_files(files)
        raise
    return files


def _delete_files(values: list[dict]) -> None:
    for value in values:
        answer_file_delete(value)


def _create_with_unique_reference(*, event, category, status, data, invitation, delegation):
    prefix = event_reference_prefix(event)
    for _attempt in range(5):
        registration = Registration(
            event=event,
            category=category,
            reference=f"{prefix}-{random_code()}",
            title=data.title,
            gender=data.gender,
            first_name=data.first_name,
            last_name=data.last_name,
            name_ar=data.name_ar,
            email=data.email,
            phone=data.phone,
            organization=data.organization,
            job_title=data.job_title,
            country=data.country,
            language=data.language,
            consent_at=timezone.now(),
            photo=data.photo or "",
            dietary_needs=data.dietary_needs,
            accessibility_needs=data.accessibility_needs,
            invitation=invitation,
            delegation=delegation,
        )
        status_enter(registration, status)
        try:
            with transaction.atomic():
                registration.save(force_insert=True)
            return registration
        except IntegrityError as error:
            if "reference" not in str(error).lower():
                # The email constraint caught a duplicate the lock should have seen.
                raise DuplicateRegistration(
                    _("This email address is already registered for this event."),
                    field="email",
                    code="duplicate",
                ) from error
    raise RuntimeError("Could not find a free registration reference.")


# --- Accreditation workflow -------------------------------------------------


def registration_approve(*, registration_id: int, actor: Actor, reason: str = "") -> Registration:
    return registration_transition(
        registration_id=registration_id, to=Status.APPROVED, actor=actor, reason=reason
    )


def registration_reject(
    *, registration_id: int, actor: Actor, reason: str = "", reason_visible: bool = False
) -> Registration:
    return registration_transition(
        registration_id=registration_id,
        to=Status.REJECTED,
        actor=actor,
        reason=reason,
        reason_visible=reason_visible,
    )


def registration_waitlist(*, registration_id: int, actor: Actor, reason: str = "") -> Registration:
    return registration_transition(
        registration_id=registration_id, to=Status.WAITLISTED, actor=actor, reason=reason
    )


def registration_cancel(*, registration_id: int, actor: Actor, reason: str = "") -> Registration:
    return registration_transition(
        registration_id=registration_id, to=Status.CANCELLED, actor=actor, reason=reason
    )


def registration_revoke(*, registration_id: int, actor: Actor, reason: str = "") -> Registration:
    return registration_transition(
        registration_id=registration_id, to=Status.REVOKED, actor=actor, reason=reason
    )


def registration_transition(
    *,
    registration_id: int,
    to: str,
    actor: Actor,
    reason: str = "",
    reason_visible: bool = False,
    clearance: bool = False,
    action: str = "",
) -> Registration:
    """Move a registration to `to`. `clearance`: the security service cleared it
    (the only way out of vetting into approved). `action` names the audit entry
    when it is not simply `registration.<to>`."""
    with transaction.atomic():
        event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
        event = lock_event(event_id)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("category", "delegation")
            .get(pk=registration_id)
        )
        before = registration.status
        to = transition_target(registration, to, clearance=clearance)
        if before not in HOLDS_A_PLACE and to in HOLDS_A_PLACE:
            _check_place_free(event, registration)
        changed = status_enter(registration, to)
        registration.decision_reason = reason
        registration.reason_visible = reason_visible
        registration.save(
            update_fields=[*changed, "decision_reason", "reason_visible", "updated_at"]
        )
        entry = audit_record(
            event=event,
            actor=actor,
            action=action or f"registration.{to}",
            obj=registration,
            reason=reason,
            data={"from": before, "to": to},
        )
        if to == Status.APPROVED:
            _after_approval(registration, entry_id=entry.pk)
        elif to != Status.VETTING:
            # Vetting is not announced to the registrant: the page says where it stands.
            messaging.registration_status_changed(registration, entry_id=entry.pk)
        if before == Status.APPROVED:
            summit_reminder_cancel(registration=registration)
            badge_revoke_current(registration=registration, actor=actor, reason=reason)
        if before in HOLDS_A_PLACE and to not in HOLDS_A_PLACE:
            # Someone an officer just moved to the waiting list does not take
            # back the place they left.
            _promote_waitlist(event, skip=registration.pk)
    return registration


def _check_place_free(event: Event, registration: Registration) -> None:
    """A place for a registration that takes one again: in its category, and within its
    delegation's quota (the event locked)."""
    if not has_room(event=event, category=registration.category):
        raise TransitionNotAllowed(
            _(
                "There is no free place in this category; "
                "the registration stays on the waiting list."
            ),
            code="full",
        )
    if registration.delegation_id is not None:
        refusal = quota_refusal(delegation=registration.delegation, category=registration.category)
        if refusal:
            raise TransitionNotAllowed(refusal, code="quota")


def _after_approval(registration: Registration, *, entry_id: int, notify: bool = True) -> None:
    """Issue the badge and queue the approval message (inside the step's transaction;
    no message with `notify=False`, an import that sends none).

    The badge PDF is attached by the worker that sends the message (a few hundred
    milliseconds of rendering each, which a bulk approval or a vetting import of
    hundreds must not wait for); it is the badge current at sending time.
    """
    badge_issue(registration=registration, actor=Actor.system())
    if not notify:
        return
    badge_pdf = DeferredAttachment(
        f"badge-{registration.reference}.pdf",
        BADGE_PDF_PRODUCER,
        {"registration_id": registration.pk},
        "application/pdf",
    )
    summit_ics = SummitEntryExporter(registration).attachment()
    messaging.registration_approved(
        registration, entry_id=entry_id, attachments=[badge_pdf, summit_ics]
    )


def _promote_waitlist(event: Event, *, skip: int | None = None) -> list[Registration]:
    """Give freed places to the oldest waitlisted registrations that fit (event lock held)."""
    promoted = []
    held = places_held(event=event)
    quotas = QuotaLedger(event=event)
    for registration in waitlist_queue(event=event).exclude(pk=skip):
        if event.capacity is not None and held[None] >= event.capacity:
            break
        if not has_room(event=event, category=registration.category, held=held):
            continue
        # A place of the category, but not one the member's delegation may still fill.
        if not quotas.has_room(registration):
            continue
        category = registration.category
        status = Status.PENDING if category.requires_approval else approved_or_vetting(category)
        registration.save(update_fields=[*status_enter(registration, status), "updated_at"])
        held[None] += 1
        held[registration.category_id] = held.get(registration.category_id, 0) + 1
        quotas.take(registration)
        entry = audit_record(
            event=event,
            actor=Actor.system(),
            action="registration.promoted",
            obj=registration,
            data={"from": Status.WAITLISTED, "to": status},
        )
        messaging.registration_promoted(registration, entry_id=entry.pk)
        if status == Status.APPROVED:
            _after_approval(registration, entry_id=entry.pk)
        promoted.append(registration)
    return promoted


# --- The registrant's own steps ---------------------------------------------


def registration_update_by_registrant(*, registration: Registration, changes: dict) -> Registration:
    """Apply the registrant's edits; only while pending, only the editable fields."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if Action.EDIT not in registration_allowed_actions(registration):
            raise TransitionNotAllowed(
                _("Your registration can no longer be changed; contact the organizers."),
                code="locked",
            )
        changed = {
            name: value
            for name, value in changes.items()
            if name in REGISTRANT_EDITABLE and getattr(registration, name) != value
        }
        if not changed:
            return registration
        for name, value in changed.items():
            setattr(registration, name, value)
        registration.full_clean(exclude=["photo"])
        registration.save(update_fields=[*changed, "updated_at"])
        audit_record(
            event=registration.event,
            actor=Actor(label="registrant"),
            action="registration.edited",
            obj=registration,
            data={"fields": sorted(changed)},
        )
    return registration


def registration_send_link(*, event: Event, email: str) -> None:
    """Re-send the registrant's link. Says nothing about whether the address is registered."""
    registration = Registration.objects.filter(event=event, email__iexact=email.strip()).first()
    if registration is not None:
        messaging.registration_link(registration)
