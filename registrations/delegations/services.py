"""Delegations: their head's secret page, members, and completeness for organizers."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.summit.models import Event
from registrations.delegations.models import Delegation
from registrations.registration import messaging
from registrations.registration.errors import RegistrationError, TransitionNotAllowed
from registrations.registration.models import Registration, Status
from registrations.registration.services import (
    RegistrationInput,
    registration_cancel,
    registration_submit,
)

ACTIVE = [Status.PENDING, Status.APPROVED, Status.WAITLISTED]


@dataclass
class Completeness:
    delegation: Delegation
    active: int
    approved: int
    pending: int

    @property
    def free(self) -> int:
        return max(self.delegation.quota - self.active, 0)


def delegations_completeness(*, event: Event) -> list[Completeness]:
    """Each delegation with its member counts, in one query."""
    delegations = event.delegations.select_related("head").annotate(
        active=Count("members", filter=Q(members__status__in=ACTIVE)),
        approved=Count("members", filter=Q(members__status=Status.APPROVED)),
        pending=Count("members", filter=Q(members__status=Status.PENDING)),
    )
    return [
        Completeness(delegation=d, active=d.active, approved=d.approved, pending=d.pending)
        for d in delegations
    ]


def delegation_register_member(
    *, delegation: Delegation, data: RegistrationInput, actor: Actor
) -> Registration:
    """The head registers a member: a normal registration that joins the delegation."""
    data.delegation = delegation.join_code
    return registration_submit(event=delegation.event, data=data, actor=actor)


def delegation_remove_member(*, delegation: Delegation, reference: str, actor: Actor) -> None:
    member = delegation.members.filter(reference=reference).first()
    if member is None:
        raise RegistrationError(_("This person is not a member of your delegation."))
    if delegation.head_id == member.pk:
        raise TransitionNotAllowed(_("The head of delegation cannot be removed here."))
    registration_cancel(
        registration_id=member.pk, actor=actor, reason=_("Removed by the head of delegation.")
    )


@transaction.atomic
def delegation_set_head(
    *, delegation: Delegation, registration: Registration, actor: Actor
) -> None:
    if registration.event_id != delegation.event_id:
        raise RegistrationError(_("The head must be registered for the same event."), field="head")
    Delegation.objects.filter(pk=delegation.pk).update(head=registration)
    if registration.delegation_id != delegation.pk:
        Registration.objects.filter(pk=registration.pk).update(delegation=delegation)
    audit_record(
        event=delegation.event,
        actor=actor,
        action="delegation.head_set",
        obj=delegation,
        data={"head": registration.reference},
    )
    messaging.delegation_link(delegation, head=registration)
