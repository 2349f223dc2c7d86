"""The accreditation workflow: transitions, audit trail, waitlist promotion, and the
actions registrations/registration/workflow.py allows in each status."""

import pytest

from events.audit.models import AuditEntry
from events.audit.services import Actor
from notifications.models import Message
from registrations.registration.bulk import registrations_bulk_approve
from registrations.registration.errors import TransitionNotAllowed
from registrations.registration.manage_views import DECISIONS
from registrations.registration.models import Registration, Status, VettingState
from registrations.registration.services import (
    registration_approve,
    registration_cancel,
    registration_reject,
    registration_revoke,
    registration_update_by_registrant,
    registration_waitlist,
)
from registrations.registration.workflow import (
    OFFICER_DECISIONS,
    Action,
    registration_allowed_actions,
)
from tests.factories import CategoryFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

OFFICER = Actor(label="officer@example.org", client_ip="10.0.0.5")


@pytest.mark.parametrize(
    ("before", "step", "after"),
    [
        ("pending", registration_approve, "approved"),
        ("pending", registration_reject, "rejected"),
        ("pending", registration_waitlist, "waitlisted"),
        ("pending", registration_cancel, "cancelled"),
        ("approved", registration_cancel, "cancelled"),
        ("approved", registration_revoke, "revoked"),
    ],
)
def test_allowed_transitions(before, step, after):
    registration = RegistrationFactory(status=before)

    step(registration_id=registration.pk, actor=OFFICER, reason="why")

    registration.refresh_from_db()
    assert registration.status == after
    entry = AuditEntry.objects.get(action=f"registration.{after}")
    assert entry.actor_label == "officer@example.org"
    assert entry.client_ip == "10.0.0.5"
    assert entry.reason == "why"
    assert entry.data == {"from": before, "to": after}


@pytest.mark.parametrize(
    ("before", "step"),
    [
        ("rejected", registration_approve),
        ("cancelled", registration_approve),
        ("revoked", registration_approve),
        ("pending", registration_revoke),
        ("approved", registration_reject),
        ("approved", registration_approve),
    ],
)
def test_forbidden_transitions_change_nothing(before, step):
    registration = RegistrationFactory(status=before)

    with pytest.raises(TransitionNotAllowed):
        step(registration_id=registration.pk, actor=OFFICER)

    registration.refresh_from_db()
    assert registration.status == before
    assert not AuditEntry.objects.exists()
    assert not Message.objects.exists()


def test_a_freed_place_promotes_the_oldest_waitlisted_registration():
    event = EventFactory()
    category = CategoryFactory(event=event, capacity=1, requires_approval=True)
    holder = RegistrationFactory(event=event, category=category, status="approved")
    first = RegistrationFactory(event=event, category=category, status="waitlisted")
    second = RegistrationFactory(event=event, category=category, status="waitlisted")

    registration_cancel(registration_id=holder.pk, actor=OFFICER)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.PENDING
    assert second.status == Status.WAITLISTED
    promoted = Message.objects.get(kind="registration.promoted")
    assert promoted.recipient == first.email
    assert (
        AuditEntry.objects.filter(action="registration.promoted", actor_label="system").count() == 1
    )


def test_promotion_into_a_category_without_review_approves_at_once():
    event = EventFactory()
    category = CategoryFactory(event=event, capacity=1, requires_approval=False)
    holder = RegistrationFactory(event=event, category=category, status="approved")
    waiting = RegistrationFactory(event=event, category=category, status="waitlisted")

    registration_revoke(registration_id=holder.pk, actor=OFFICER)

    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED
    assert Message.objects.filter(kind="registration.approved", recipient=waiting.email).exists()


def test_promotion_skips_waitlisted_people_of_a_category_that_is_still_full():
    event = EventFactory(capacity=10)
    full = CategoryFactory(event=event, capacity=1)
    open_category = CategoryFactory(event=event, capacity=5)
    RegistrationFactory(event=event, category=full, status="approved")
    holder = RegistrationFactory(event=event, category=open_category, status="approved")
    stuck = RegistrationFactory(event=event, category=full, status="waitlisted")
    lucky = RegistrationFactory(event=event, category=open_category, status="waitlisted")

    registration_cancel(registration_id=holder.pk, actor=OFFICER)

    stuck.refresh_from_db()
    lucky.refresh_from_db()
    assert stuck.status == Status.WAITLISTED
    assert lucky.status == Status.PENDING


def test_approving_a_waitlisted_registration_needs_a_free_place():
    event = EventFactory()
    category = CategoryFactory(event=event, capacity=1)
    RegistrationFactory(event=event, category=category, status="approved")
    waiting = RegistrationFactory(event=event, category=category, status="waitlisted")

    with pytest.raises(TransitionNotAllowed, match="no free place"):
        registration_approve(registration_id=waiting.pk, actor=OFFICER)


def test_bulk_approve_reports_each_refusal():
    event = EventFactory()
    pending = RegistrationFactory.create_batch(2, event=event)
    rejected = RegistrationFactory(event=event, status="rejected")

    result = registrations_bulk_approve(
        event=event,
        references=[pending[0].reference, pending[1].reference, rejected.reference, "NOPE-1"],
        actor=OFFICER,
    )

    assert sorted(result.approved) == sorted(r.reference for r in pending)
    assert set(result.refused) == {rejected.reference, "NOPE-1"}
    assert Registration.objects.filter(status="approved").count() == 2


def test_a_registrant_edits_only_while_pending():
    registration = RegistrationFactory(status="pending")

    registration_update_by_registrant(
        registration=registration, changes={"job_title": "Minister", "email": "x@evil.test"}
    )
    registration.refresh_from_db()
    assert registration.job_title == "Minister"
    assert registration.email != "x@evil.test"  # not an editable field

    registration_approve(registration_id=registration.pk, actor=OFFICER)
    with pytest.raises(TransitionNotAllowed):
        registration_update_by_registrant(registration=registration, changes={"job_title": "X"})


def test_the_approval_email_carries_the_badge_and_the_summit_calendar_entry():
    from icalendar import Calendar

    from notifications.dispatch import attachment_content

    registration = RegistrationFactory(status="pending", event__timezone="Asia/Dubai")

    registration_approve(registration_id=registration.pk, actor=OFFICER)

    message = Message.objects.get(kind="registration.approved")
    files = {a.filename: a for a in message.attachments.all()}
    badge = files[f"badge-{registration.reference}.pdf"]
    # Made by the worker when it sends the email, not inside the approval.
    assert badge.producer == "registrations.badge_pdf"
    assert attachment_content(badge).startswith(b"%PDF")
    ics = files[f"{registration.event.slug}.ics"]
    assert ics.content_type.startswith("text/calendar")
    calendar = Calendar.from_ical(bytes(ics.content))
    [entry] = calendar.walk("VEVENT")
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Dubai"
    assert entry["DTSTART"].params["TZID"] == "Asia/Dubai"
    assert entry.decoded("DTSTART") == registration.event.starts_at.replace(microsecond=0)
    assert str(entry["SUMMARY"]) == registration.event.name.get("en")


def test_an_arabic_email_addresses_the_registrant_by_the_arabic_name():
    registration = RegistrationFactory(
        status="pending", language="ar", title="he", name_ar="أمينة حداد"
    )

    registration_reject(registration_id=registration.pk, actor=OFFICER)

    message = Message.objects.get(kind="registration.rejected")
    assert "معالي أمينة حداد" in message.body_text
    assert "Amina" not in message.body_text.split("\n")[0]


@pytest.mark.parametrize(
    ("status", "vetting_state", "expected"),
    [
        (
            Status.PENDING,
            "",
            {Action.APPROVE, Action.REJECT, Action.WAITLIST, Action.EDIT, Action.CANCEL},
        ),
        (Status.WAITLISTED, "", {Action.APPROVE, Action.REJECT, Action.CANCEL}),
        # Only the security service's clearance approves; the registrant's page offers nothing.
        (Status.VETTING, VettingState.SUBMITTED, {Action.REJECT}),
        (Status.APPROVED, "", {Action.REVOKE, Action.PRINT_BADGE, Action.CANCEL}),
        (
            Status.APPROVED,
            VettingState.CLEARED,
            {Action.REVOKE, Action.WITHDRAW_CLEARANCE, Action.PRINT_BADGE, Action.CANCEL},
        ),
        (Status.REJECTED, "", set()),
        (Status.CANCELLED, "", set()),
        (Status.REVOKED, VettingState.WITHDRAWN, set()),
    ],
)
def test_the_actions_allowed_in_each_status(status, vetting_state, expected):
    registration = RegistrationFactory.build(status=status, vetting_state=vetting_state)

    assert registration_allowed_actions(registration) == frozenset(expected)


STEPS = {
    Action.APPROVE: registration_approve,
    Action.REJECT: registration_reject,
    Action.WAITLIST: registration_waitlist,
    Action.REVOKE: registration_revoke,
}


@pytest.mark.parametrize("status", [status for status in Status.values if status != "vetting"])
@pytest.mark.parametrize("action", list(STEPS))
def test_an_officer_decision_is_offered_exactly_when_its_step_goes_through(status, action):
    registration = RegistrationFactory(status=status)
    offered = action in registration_allowed_actions(registration)

    try:
        STEPS[action](registration_id=registration.pk, actor=OFFICER)
    except TransitionNotAllowed:
        went_through = False
    else:
        went_through = True

    assert offered == went_through


def test_in_vetting_the_approval_is_neither_offered_nor_accepted():
    category = CategoryFactory(requires_vetting=True)
    registration = RegistrationFactory(event=category.event, category=category)
    registration_approve(registration_id=registration.pk, actor=OFFICER)
    registration.refresh_from_db()
    assert registration.status == Status.VETTING
    assert registration.vetting_state == VettingState.AWAITING_EXPORT

    assert Action.APPROVE not in registration_allowed_actions(registration)
    with pytest.raises(TransitionNotAllowed) as refusal:
        registration_approve(registration_id=registration.pk, actor=OFFICER)
    assert refusal.value.code == "awaiting_clearance"


def test_every_officer_decision_has_its_step_on_the_detail_page():
    assert set(DECISIONS) == set(OFFICER_DECISIONS)


def test_a_place_freed_in_a_vetted_category_sends_the_next_one_to_vetting():
    event = EventFactory()
    category = CategoryFactory(
        event=event, capacity=1, requires_approval=False, requires_vetting=True
    )
    holder = RegistrationFactory(event=event, category=category, status="approved")
    waiting = RegistrationFactory(event=event, category=category, status="waitlisted")

    registration_cancel(registration_id=holder.pk, actor=OFFICER)

    waiting.refresh_from_db()
    assert waiting.status == Status.VETTING
    assert waiting.vetting_state == VettingState.AWAITING_EXPORT
    assert registration_allowed_actions(waiting) == {Action.REJECT}
