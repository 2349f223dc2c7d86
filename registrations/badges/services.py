"""Issuing, reissuing, revoking and printing badges.

A registration has at most one current badge (a database constraint). Its QR
code is signed for its version; reissuing makes a new version and revokes the
old one, so a lost badge stops opening doors at once.
"""

from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events.audit.services import Actor, audit_record
from events.errors import ConflictError
from events.summit.models import Event
from registrations.badges.keys import badge_code
from registrations.badges.models import Badge
from registrations.protocol.selectors import in_precedence_order
from registrations.registration.errors import RegistrationError
from registrations.registration.models import Registration, Status

# One batch is one synchronous PDF; larger sets are printed in several (filter by category
# or delegation). 1,000 badges render in a few seconds (bench/badges.py).
MAX_BATCH_BADGES = 2000


class BadgeError(RegistrationError, ConflictError):
    """A badge step the registration's state forbids (409 in the API)."""


# --- Reads --------------------------------------------------------------------


def badge_current(*, registration: Registration) -> Badge | None:
    return registration.badges.filter(revoked_at__isnull=True).first()


def badge_history(*, registration: Registration) -> QuerySet[Badge]:
    return registration.badges.order_by("-version")


def badge_qr_text(badge: Badge) -> str:
    """The text in the badge's QR code."""
    registration = badge.registration
    return badge_code(
        event_id=registration.event_id, registration_id=registration.pk, version=badge.version
    )


def badge_printed() -> Exists:
    """For a registrations queryset: its current badge has been printed at least once."""
    return Exists(
        Badge.objects.filter(
            registration=OuterRef("pk"), revoked_at__isnull=True, print_count__gt=0
        )
    )


def badges_for_batch(
    *,
    event: Event,
    category: str = "",
    delegation: str = "",
    printed: str = "",
    references: list[str] | None = None,
) -> QuerySet[Registration]:
    """Approved registrations to print, by delegation then name, with what a badge shows.

    `printed`: "no" keeps those whose current badge was never printed, "yes" the others."""
    queryset = (
        Registration.objects.filter(event=event, status=Status.APPROVED)
        .select_related("category", "delegation", "event")
        .prefetch_related("category__zones")
    )
    if category:
        queryset = queryset.filter(category__slug=category)
    if delegation:
        queryset = (
            queryset.filter(delegation_id=delegation)
            if delegation.isdigit()
            else queryset.filter(delegation__name__en__iexact=delegation)
        )
    if printed == "no":
        queryset = queryset.exclude(badge_printed())
    elif printed == "yes":
        queryset = queryset.filter(badge_printed())
    if references:
        queryset = queryset.filter(reference__in=[reference.upper() for reference in references])
    # In order of precedence; without ranks, members of a delegation are handed
    # their badges together, people without one last.
    return in_precedence_order(queryset, event=event)


# The approval email's badge, made when the email is sent (notifications.attachments) by
# registrations.badges.render.badge_pdf_current.
BADGE_PDF_PRODUCER = "registrations.badge_pdf"


# --- Writes -------------------------------------------------------------------


def _new_badge(*, registration: Registration, reason: str) -> Badge:
    latest = registration.badges.aggregate(latest=Max("version"))["latest"] or 0
    return Badge.objects.create(registration=registration, version=latest + 1, reason=reason)


def badge_issue(*, registration: Registration, actor: Actor, reason: str = "") -> Badge:
    """The registration's current badge, issuing version 1 (or the next) if it has none.

    Called inside the approval step's transaction, with the registration locked.
    """
    with transaction.atomic():
        current = badge_current(registration=registration)
        if current is not None:
            return current
        if registration.status != Status.APPROVED:
            raise BadgeError(_("Only an approved registration gets a badge."), code="not_approved")
        badge = _new_badge(registration=registration, reason=reason)
        audit_record(
            event=registration.event,
            actor=actor,
            action="badge.issued",
            obj=registration,
            reason=reason,
            data={"version": badge.version},
        )
    return badge


def badge_reissue(*, registration_id: int, actor: Actor, reason: str) -> Badge:
    """A new version for a lost or changed badge; the old code answers `revoked` from now on."""
    reason = reason.strip()
    if not reason:
        raise BadgeError(_("Say why the badge is reissued."), field="reason", code="required")
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration_id)
        )
        if registration.status != Status.APPROVED:
            raise BadgeError(
                _("Only an approved registration's badge can be reissued."), code="not_approved"
            )
        now = timezone.now()
        previous = badge_current(registration=registration)
        if previous is not None:
            previous.revoked_at = now
            previous.revoked_reason = reason[:300]
            previous.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
        badge = _new_badge(registration=registration, reason=reason[:300])
        audit_record(
            event=registration.event,
            actor=actor,
            action="badge.reissued",
            obj=registration,
            reason=reason,
            data={"from": previous.version if previous else None, "to": badge.version},
        )
    return badge


def badge_revoke_current(*, registration: Registration, actor: Actor, reason: str = "") -> None:
    """Mark the current badge revoked (the registration was revoked or cancelled)."""
    with transaction.atomic():
        current = badge_current(registration=registration)
        if current is None:
            return
        current.revoked_at = timezone.now()
        current.revoked_reason = reason[:300]
        current.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
        audit_record(
            event=registration.event,
            actor=actor,
            action="badge.revoked",
            obj=registration,
            reason=reason,
            data={"version": current.version},
        )


def badge_for_printing(*, registration: Registration, actor: Actor) -> Badge:
    """The badge to print: the current one, issued now if an approved registration lacks one."""
    if registration.status != Status.APPROVED:
        raise BadgeError(
            _("Only an approved registration has a badge to print."), code="not_approved"
        )
    current = badge_current(registration=registration)
    return current or badge_issue(registration=registration, actor=actor)


def badges_record_print(*, event: Event, badges: list[Badge], actor: Actor, data=None) -> None:
    """Count a print of each badge (officers see “printed 2×” before printing again)."""
    if not badges:
        return
    now = timezone.now()
    with transaction.atomic():
        Badge.objects.filter(pk__in=[badge.pk for badge in badges]).update(
            print_count=F("print_count") + 1, last_printed_at=now, updated_at=now
        )
        for badge in badges:
            badge.print_count += 1
            badge.last_printed_at = now
        subject = badges[0].registration if len(badges) == 1 else event
        audit_record(
            event=event,
            actor=actor,
            action="badge.printed",
            obj=subject,
            data={
                "badges": [f"{badge.registration.reference} v{badge.version}" for badge in badges],
                **(data or {}),
            },
        )


def badges_issue_missing(*, event: Event, actor: Actor) -> int:
    """Give every approved registration of the event that has no current badge its next one.

    Idempotent: a second run finds nothing to do. Returns how many were issued.
    """
    with transaction.atomic():
        current = Badge.objects.filter(registration=OuterRef("pk"), revoked_at__isnull=True)
        missing = list(
            Registration.objects.filter(event=event, status=Status.APPROVED)
            .exclude(Exists(current))
            .annotate(latest=Max("badges__version"))
            .only("pk", "reference")
        )
        if not missing:
            return 0
        Badge.objects.bulk_create(
            Badge(registration=registration, version=(registration.latest or 0) + 1)
            for registration in missing
        )
        audit_record(
            event=event,
            actor=actor,
            action="badges.issued",
            obj=event,
            data={"count": len(missing)},
        )
    return len(missing)


def badges_batch(
    *,
    event: Event,
    actor: Actor,
    category: str = "",
    delegation: str = "",
    references: list[str] | None = None,
) -> list[tuple[Registration, Badge]]:
    """The (registration, current badge) pairs of a batch print, counted as printed."""
    badges_issue_missing(event=event, actor=actor)
    registrations = list(
        badges_for_batch(
            event=event, category=category, delegation=delegation, references=references
        ).prefetch_related(
            Prefetch(
                "badges",
                queryset=Badge.objects.filter(revoked_at__isnull=True),
                to_attr="current_badges",
            )
        )[: MAX_BATCH_BADGES + 1]
    )
    if len(registrations) > MAX_BATCH_BADGES:
        raise BadgeError(
            _("More than %(limit)d badges: choose a category or a delegation to print fewer.")
            % {"limit": MAX_BATCH_BADGES},
            code="too_many",
        )
    pairs = []
    for registration in registrations:
        badge = registration.current_badges[0]
        badge.registration = registration
        pairs.append((registration, badge))
    badges_record_print(
        event=event,
        badges=[badge for _registration, badge in pairs],
        actor=actor,
        data={"filters": {"category": category, "delegation": delegation}},
    )
    return pairs
