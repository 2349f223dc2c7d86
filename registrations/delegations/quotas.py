"""A delegation's quota per category: how many of its members may hold a place in each.

"Used" is the capacity's own notion (`registrations.registration.capacity`): members
whose status holds a place (`HOLDS_A_PLACE`: pending, in vetting, approved). A
waitlisted member uses none until promoted, and the promotion checks the quota as it
checks the category's capacity; a rejected, cancelled or revoked member frees theirs.

Every check here runs inside the caller's transaction after `lock_event`, the lock
every capacity decision of the event takes, so two heads of delegation, an officer and
the waiting list never hand out a delegation's last place twice.

Which number applies is decided in one place, `allowed_places`: today the delegation's
own `DelegationQuota` row, no limit without one. Defaults per kind of delegation
(issue #19) belong there too, as the fallback when the delegation has no row of its
own, so every reader and check below follows without change.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from events.summit.models import Event, RegistrationCategory
from registrations.delegations.models import Delegation, DelegationQuota
from registrations.registration.models import HOLDS_A_PLACE, Registration, Status

# (delegation id, category id)
Key = tuple[int, int]


@dataclass(frozen=True)
class QuotaUse:
    """One category of a delegation: members holding a place, and how many may (None: any)."""

    category: RegistrationCategory
    used: int
    allowed: int | None

    @property
    def full(self) -> bool:
        return self.allowed is not None and self.used >= self.allowed

    @property
    def over(self) -> bool:
        return self.allowed is not None and self.used > self.allowed


def allowed_places(*, delegation_ids: Iterable[int]) -> dict[Key, int]:
    """The places each delegation may fill per category; a key absent has no limit."""
    rows = DelegationQuota.objects.filter(delegation_id__in=list(delegation_ids)).values_list(
        "delegation_id", "category_id", "allowed"
    )
    return {(delegation, category): allowed for delegation, category, allowed in rows}


def places_used(*, event: Event, delegation_ids: Iterable[int] | None = None) -> dict[Key, int]:
    """Members holding a place, per delegation and category (one query)."""
    members = Registration.objects.filter(
        event=event, status__in=HOLDS_A_PLACE, delegation__isnull=False
    )
    if delegation_ids is not None:
        members = members.filter(delegation_id__in=list(delegation_ids))
    rows = members.values("delegation_id", "category_id").annotate(used=Count("pk"))
    return {(row["delegation_id"], row["category_id"]): row["used"] for row in rows}


def quota_uses(*, event: Event, delegations: Iterable[Delegation]) -> dict[int, list[QuotaUse]]:
    """Each delegation's categories (every category of the event, in order), used/allowed."""
    ids = [delegation.pk for delegation in delegations]
    allowed = allowed_places(delegation_ids=ids)
    used = places_used(event=event, delegation_ids=ids)
    categories = list(RegistrationCategory.objects.filter(event=event))
    return {
        pk: [
            QuotaUse(
                category=category,
                used=used.get((pk, category.pk), 0),
                allowed=allowed.get((pk, category.pk)),
            )
            for category in categories
        ]
        for pk in ids
    }


def members_refusal(*, delegation: Delegation) -> str | None:
    """Why the delegation takes no more members at all (its total `quota`), or None.

    Counted as before the quotas per category: every member not rejected, cancelled or
    revoked, the waiting list included.
    """
    members = delegation.members.exclude(
        status__in=[Status.REJECTED, Status.CANCELLED, Status.REVOKED]
    ).count()
    if members < delegation.quota:
        return None
    return _("This delegation has no places left.")


def quota_full_message(
    *, delegation: Delegation, category: RegistrationCategory, used: int, allowed: int
) -> str:
    return _(
        "The delegation “%(delegation)s” has no places left in the category “%(category)s” "
        "(%(used)d of %(allowed)d used)."
    ) % {"delegation": delegation.name, "category": category.name, "used": used, "allowed": allowed}


def quota_refusal(*, delegation: Delegation, category: RegistrationCategory) -> str | None:
    """Why one more member of `category` cannot hold a place in `delegation`, or None.

    Call it with the event locked (`lock_event`), before the member takes the place.
    """
    allowed = allowed_places(delegation_ids=[delegation.pk]).get((delegation.pk, category.pk))
    if allowed is None:
        return None
    used = Registration.objects.filter(
        delegation_id=delegation.pk, category_id=category.pk, status__in=HOLDS_A_PLACE
    ).count()
    if used < allowed:
        return None
    return quota_full_message(delegation=delegation, category=category, used=used, allowed=allowed)


class QuotaLedger:
    """Places used and allowed for the whole event, kept current while a step hands out
    several places (the waiting list's promotion): two queries, then counting."""

    def __init__(self, *, event: Event) -> None:
        self.used = places_used(event=event)
        ids = Delegation.objects.filter(event=event).values_list("pk", flat=True)
        self.allowed = allowed_places(delegation_ids=ids)

    def has_room(self, registration: Registration) -> bool:
        if registration.delegation_id is None:
            return True
        key = (registration.delegation_id, registration.category_id)
        allowed = self.allowed.get(key)
        return allowed is None or self.used.get(key, 0) < allowed

    def take(self, registration: Registration) -> None:
        if registration.delegation_id is not None:
            key = (registration.delegation_id, registration.category_id)
            self.used[key] = self.used.get(key, 0) + 1
