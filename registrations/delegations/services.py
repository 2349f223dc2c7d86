"""Delegations: their setup by organizers, their head's secret page, members, and
completeness for organizers.

The setup steps (`delegation_create`, `delegation_update`, `delegation_quotas_set`,
`delegation_set_head`, `delegation_delete`) lock the event's row first, the lock every
capacity decision takes (`lock_event`): a quota lowered while a head registers a member
sees that member, and the member sees the new quota. A quota below the places already
used, a head of another summit or of another delegation, a category the summit does
not have or a name already taken are refused naming the field; deleting a delegation
that still has members, invitations or vehicles answers 409 naming them. Every step is
in the audit log.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.audit.services import Actor, audit_record
from events.errors import DomainError
from events.in_use import delete_unless_in_use
from events.setup.services import setup_apply, setup_full_clean
from events.summit.models import Event, RegistrationCategory
from events.translated.text import TranslatedText
from registrations.delegations.models import Delegation, DelegationQuota
from registrations.delegations.quotas import members_refusal, quota_refusal
from registrations.registration import messaging
from registrations.registration.capacity import lock_event
from registrations.registration.errors import RegistrationError, TransitionNotAllowed
from registrations.registration.models import HOLDS_A_PLACE, Registration, Status
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


# --- Setup by organizers ---------------------------------------------------------------

# What an organizer sets on a delegation besides its head and its quotas per category.
DELEGATION_FIELDS = ("name", "kind", "country", "quota")
# A delegation's quotas are its own settings, deleted with it: not a use of it.
QUOTAS_GO_WITH_IT = ("registrations.DelegationQuota",)


class QuotaInvalid(RegistrationError):
    """A quota refused for one category: the API names it inside `quotas`."""

    def __init__(self, message, *, category: str, code: str = "invalid") -> None:
        super().__init__(message, field="quotas", code=code)
        self.category = category

    def api_body(self) -> dict:
        return {"quotas": {self.category: [str(self.message)]}}


def delegation_create(*, event: Event, actor: Actor, data: dict) -> Delegation:
    """Add a delegation: `DELEGATION_FIELDS`, optional `head` (a registration reference of
    the event) and `quotas` (`{category slug: places allowed}`)."""
    data = dict(data)
    head = data.pop("head", None)
    quotas = data.pop("quotas", None) or {}
    with transaction.atomic():
        event = lock_event(event.pk)
        delegation = Delegation(event=event)
        changed = setup_apply(delegation, data, DELEGATION_FIELDS)
        _check(delegation)
        delegation.save()
        _set_quotas(delegation, quotas)
        if head:
            _set_head(delegation, _head_of(event, head), actor=actor)
        audit_record(
            event=event,
            actor=actor,
            action="delegation.created",
            obj=delegation,
            data={"fields": sorted(changed), "quotas": _audit_quotas(quotas)},
        )
    return delegation


def delegation_update(
    *, event: Event, delegation_id: int, actor: Actor, changes: dict
) -> Delegation:
    """Change a delegation. `quotas` replaces the categories it names (a category set to
    None has no limit any more); `head`, when given, is the new head (None or "": none)."""
    changes = dict(changes)
    has_head = "head" in changes
    head = changes.pop("head", None)
    quotas = changes.pop("quotas", None)
    with transaction.atomic():
        event = lock_event(event.pk)
        delegation = Delegation.objects.select_related("head").get(pk=delegation_id, event=event)
        changed = setup_apply(delegation, changes, DELEGATION_FIELDS)
        _check(delegation)
        delegation.save()
        if quotas:
            _set_quotas(delegation, quotas)
            changed.append("quotas")
        if has_head:
            registration = _head_of(event, head) if head else None
            if registration != delegation.head:
                _set_head(delegation, registration, actor=actor)
                changed.append("head")
        audit_record(
            event=event,
            actor=actor,
            action="delegation.updated",
            obj=delegation,
            data={"fields": sorted(changed), "quotas": _audit_quotas(quotas or {})},
        )
    return delegation


def delegation_quotas_set(
    *, event: Event, delegation_id: int, actor: Actor, quotas: dict[str, int | None]
) -> Delegation:
    """Set the places allowed in the categories named (None: no limit); others stay."""
    return delegation_update(
        event=event, delegation_id=delegation_id, actor=actor, changes={"quotas": quotas}
    )


def delegation_delete(*, event: Event, delegation_id: int, actor: Actor) -> None:
    """Delete a delegation nobody is a member of and no invitation, vehicle or meeting
    names (409 naming them otherwise); its quotas go with it."""
    with transaction.atomic():
        event = lock_event(event.pk)
        delegation = Delegation.objects.get(pk=delegation_id, event=event)
        audit_record(
            event=event,
            actor=actor,
            action="delegation.deleted",
            obj=delegation,
            data={"name": str(delegation.name), "country": str(delegation.country)},
        )
        delete_unless_in_use(delegation, ignore=QUOTAS_GO_WITH_IT)


def delegation_set_head(
    *, delegation: Delegation, registration: Registration, actor: Actor
) -> None:
    """Make `registration` the head; they join the delegation if they were not in it."""
    if registration.event_id != delegation.event_id:
        raise RegistrationError(_("The head must be registered for the same event."), field="head")
    with transaction.atomic():
        lock_event(delegation.event_id)
        delegation = Delegation.objects.select_related("event", "head").get(pk=delegation.pk)
        registration = Registration.objects.select_related("category").get(pk=registration.pk)
        _set_head(delegation, registration, actor=actor)


def _check(delegation: Delegation) -> None:
    """The name free in the event (in each of its languages), then the model's rules."""
    names = {
        language: text.casefold()
        for language, text in TranslatedText(delegation.name).as_dict().items()
    }
    others = Delegation.objects.filter(event_id=delegation.event_id).exclude(pk=delegation.pk)
    for other in others.only("name"):
        for language, text in TranslatedText(other.name).as_dict().items():
            if names.get(language) == text.casefold():
                raise DomainError(
                    _("This summit already has a delegation named “%(name)s”.") % {"name": text},
                    field="name",
                    code="name_taken",
                )
    setup_full_clean(delegation, exclude=["event", "head"])


def _set_quotas(delegation: Delegation, quotas: dict) -> None:
    """Each named category's places allowed (None: no limit), never below those used."""
    categories = {
        category.slug: category
        for category in RegistrationCategory.objects.filter(event_id=delegation.event_id)
    }
    for slug, allowed in quotas.items():
        category = categories.get(slug)
        if category is None:
            raise QuotaInvalid(
                _("This summit has no category with the slug “%(slug)s”.") % {"slug": slug},
                category=slug,
                code="unknown_category",
            )
        if allowed is None:
            DelegationQuota.objects.filter(delegation=delegation, category=category).delete()
            continue
        if isinstance(allowed, bool) or not isinstance(allowed, int) or allowed < 0:
            raise QuotaInvalid(
                _("Enter a whole number of places, 0 or more."), category=slug, code="min_value"
            )
        used = Registration.objects.filter(
            delegation=delegation, category=category, status__in=HOLDS_A_PLACE
        ).count()
        if allowed < used:
            raise QuotaInvalid(
                ngettext(
                    "%(used)d member of this delegation already holds a place in "
                    "“%(category)s”: the quota cannot be lower.",
                    "%(used)d members of this delegation already hold a place in "
                    "“%(category)s”: the quota cannot be lower.",
                    used,
                )
                % {"used": used, "category": category.name},
                category=slug,
                code="below_used",
            )
        DelegationQuota.objects.update_or_create(
            delegation=delegation, category=category, defaults={"allowed": allowed}
        )


def _audit_quotas(quotas: dict) -> dict:
    return {slug: quotas[slug] for slug in sorted(quotas)}


def _head_of(event: Event, reference: str) -> Registration:
    registration = (
        Registration.objects.select_related("category")
        .filter(event=event, reference=reference.strip().upper())
        .first()
    )
    if registration is None:
        raise RegistrationError(
            _("No registration of this summit has this reference."), field="head", code="invalid"
        )
    return registration


def _set_head(delegation: Delegation, registration: Registration | None, *, actor: Actor) -> None:
    """The new head (None: none), who joins the delegation within its quotas (event locked)."""
    if registration is not None:
        led = Delegation.objects.filter(head=registration).exclude(pk=delegation.pk).first()
        if led is not None:
            raise RegistrationError(
                _("%(name)s already leads the delegation “%(delegation)s”.")
                % {"name": registration.full_name, "delegation": led.name},
                field="head",
                code="head_elsewhere",
            )
        if registration.delegation_id not in (None, delegation.pk):
            raise RegistrationError(
                _("%(name)s is a member of the delegation “%(delegation)s”.")
                % {"name": registration.full_name, "delegation": registration.delegation.name},
                field="head",
                code="member_elsewhere",
            )
        if registration.delegation_id is None:
            _check_room_to_join(delegation, registration)
    Delegation.objects.filter(pk=delegation.pk).update(head=registration)
    delegation.head = registration
    if registration is None:
        return
    if registration.delegation_id != delegation.pk:
        Registration.objects.filter(pk=registration.pk).update(delegation=delegation)
        registration.delegation = delegation
    audit_record(
        event=delegation.event,
        actor=actor,
        action="delegation.head_set",
        obj=delegation,
        data={"head": registration.reference},
    )
    messaging.delegation_link(delegation, head=registration)


def _check_room_to_join(delegation: Delegation, registration: Registration) -> None:
    """Someone joining: within the delegation's total, and within its category's quota
    when they hold a place."""
    refusal = None
    if registration.status not in (Status.REJECTED, Status.CANCELLED, Status.REVOKED):
        refusal = members_refusal(delegation=delegation)
    if refusal is None and registration.status in HOLDS_A_PLACE:
        refusal = quota_refusal(delegation=delegation, category=registration.category)
    if refusal:
        raise RegistrationError(refusal, field="head", code="quota")
