"""The accreditation workflow: which status may follow which, and so what may be done next.

One table (`TRANSITIONS`) and one vetting rule decide both what a step may do and
what a page offers: `registration_transition` (services.py) refuses through
`transition_target`, and the officers' pages, the registrant's page and the head
of delegation's list show exactly the actions `registration_allowed_actions`
returns. So a button never leads to a refusal the table already knew of, and no
template compares statuses to decide what to offer. The API's decisions go
through the same services, so they refuse what this module refuses.

pending → approved | rejected | waitlisted | cancelled
waitlisted → approved | pending (promoted into a free place) | rejected | cancelled
approved → cancelled | revoked
vetting → approved (cleared only) | rejected | cancelled

The vetting rule: in a category that requires security vetting, "approved" by an
officer (or by a category without review) means `vetting` instead; only the
security service's clearance approves from there (registrations/vetting/services.py).
"""

from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from events.summit.models import RegistrationCategory
from registrations.registration.errors import TransitionNotAllowed
from registrations.registration.models import Registration, Status, VettingState

TRANSITIONS: dict[str, set[str]] = {
    # "Approved" becomes "vetting" in categories that require it (approved_or_vetting).
    Status.PENDING: {
        Status.APPROVED,
        Status.VETTING,
        Status.REJECTED,
        Status.WAITLISTED,
        Status.CANCELLED,
    },
    Status.WAITLISTED: {
        Status.APPROVED,
        Status.VETTING,
        Status.PENDING,
        Status.REJECTED,
        Status.CANCELLED,
    },
    # Only a clearance approves from vetting (`clearance=True` in transition_target).
    Status.VETTING: {Status.APPROVED, Status.REJECTED, Status.CANCELLED},
    Status.APPROVED: {Status.CANCELLED, Status.REVOKED},
}


class Action(StrEnum):
    """What can be done to a registration, in the order a page offers them.

    The officers' decisions are named as in their URLs (/decide/<action>/).
    """

    APPROVE = "approve"
    REJECT = "reject"
    WAITLIST = "waitlist"
    REVOKE = "revoke"
    WITHDRAW_CLEARANCE = "withdraw-clearance"
    # An officer prints or reissues the badge.
    PRINT_BADGE = "print-badge"
    # The registrant corrects their details.
    EDIT = "edit"
    # The registrant (or the head of their delegation) cancels.
    CANCEL = "cancel"


# The decisions an officer takes on the registration's page, in their order there.
OFFICER_DECISIONS = (
    Action.APPROVE,
    Action.REJECT,
    Action.WAITLIST,
    Action.REVOKE,
    Action.WITHDRAW_CLEARANCE,
)
_DECISION_TARGETS = {
    Action.APPROVE: Status.APPROVED,
    Action.REJECT: Status.REJECTED,
    Action.WAITLIST: Status.WAITLISTED,
    Action.REVOKE: Status.REVOKED,
}


def approved_or_vetting(category: RegistrationCategory) -> str:
    """What "approved" means in this category: vetting first where it is required."""
    return Status.VETTING if category.requires_vetting else Status.APPROVED


def _reachable(status: str) -> set[str]:
    """The statuses an officer's or registrant's step may lead to (no clearance)."""
    targets = TRANSITIONS.get(status, set())
    if status == Status.VETTING:
        return targets - {Status.APPROVED}
    return targets


def registration_allowed_actions(registration: Registration) -> frozenset[Action]:
    """Everything the workflow lets be done to `registration` now.

    Capacity is not foreseen: approving into a full category is offered and then
    refused with the reason.
    """
    status = registration.status
    reachable = _reachable(status)
    actions = {action for action, to in _DECISION_TARGETS.items() if to in reachable}
    if Action.REVOKE in actions and registration.vetting_state == VettingState.CLEARED:
        actions.add(Action.WITHDRAW_CLEARANCE)
    if status == Status.APPROVED:
        actions.add(Action.PRINT_BADGE)
    if status == Status.PENDING:
        actions.add(Action.EDIT)
    # Not offered while the security service has the file (the pages never did;
    # an officer's cancellation still goes through).
    if Status.CANCELLED in reachable and status != Status.VETTING:
        actions.add(Action.CANCEL)
    return frozenset(actions)


def transition_target(registration: Registration, to: str, *, clearance: bool = False) -> str:
    """The status a step towards `to` leads to, or TransitionNotAllowed.

    "Approved" becomes `vetting` where the category requires it; `clearance`: the
    security service cleared it, the only way out of vetting into approved.
    """
    before = registration.status
    if to == Status.APPROVED and before != Status.VETTING and not clearance:
        to = approved_or_vetting(registration.category)
    if before == Status.VETTING and to == Status.APPROVED and not clearance:
        raise TransitionNotAllowed(
            _(
                "This registration is waiting for security clearance; "
                "it is approved when the security service clears it."
            ),
            code="awaiting_clearance",
        )
    if to not in TRANSITIONS.get(before, set()):
        raise TransitionNotAllowed(
            _("A registration that is %(before)s cannot become %(after)s.")
            % {"before": Status(before).label.lower(), "after": Status(to).label.lower()},
            code="transition",
        )
    return to


def status_enter(registration: Registration, status: str) -> list[str]:
    """Put `registration` in `status` (unsaved); the fields it changed, for `update_fields`.

    Entering vetting queues it for the next batch to the security service.
    """
    registration.status = status
    registration.status_changed_at = timezone.now()
    changed = ["status", "status_changed_at"]
    if status == Status.VETTING:
        registration.vetting_state = VettingState.AWAITING_EXPORT
        changed.append("vetting_state")
    return changed
