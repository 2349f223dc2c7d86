"""The numbers of an event's dashboard, and of `GET /api/v1/events/<slug>/stats/`.

One function, `event_stats`, gives both: the page draws what the API returns, so an
organizer's screen and a client's integration never disagree. Every figure is one
grouped query (never a row per registration), so the dashboard costs the same few
queries at 500 registrations as at 50,000.

The to-do list names what waits for someone: pending approvals, security vetting not
yet answered, approved people without a printed badge, messages that failed or are
being retried, delegations without a head or with members still pending. Each item
carries the URL of the list that shows exactly those.
"""

from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, Q
from django.db.models.functions import Cast, ExtractMinute, TruncDate, TruncHour
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.summit.models import Event
from events.summit.selectors import event_message_scope
from events.teams.models import Role
from events.teams.selectors import roles_that_may
from notifications.models import Message
from notifications.models import Status as MessageStatus
from registrations.badges.services import badge_printed
from registrations.checkin.models import CheckInScan, ScanResult, ZonePresence
from registrations.delegations.models import Delegation
from registrations.registration.models import HOLDS_A_PLACE, Registration, Status, VettingState

SCAN_BUCKET_MINUTES = 15
# Waiting for the host country's security service, or for the registrant's answer to it.
VETTING_OPEN = (VettingState.AWAITING_EXPORT, VettingState.SUBMITTED, VettingState.MORE_INFORMATION)


def event_stats(*, event: Event, roles: set[str] | None = None, now: datetime | None = None):
    """The dashboard's numbers. `roles`: the to-do items to include (every item when None)."""
    now = now or timezone.now()
    registrations = Registration.objects.filter(event=event)
    # One pass over the registrations gives the totals, the categories, the countries and
    # the pending and vetting counts (a few hundred groups, whatever the event's size).
    counts: dict[int, dict[str, int]] = {}
    by_country: Counter[str] = Counter()
    vetting_open = 0
    for category_id, status, country, vetting, n in (
        registrations.values_list("category_id", "status", "country", "vetting_state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        statuses = counts.setdefault(category_id, {})
        statuses[status] = statuses.get(status, 0) + n
        if country:
            by_country[country] += n
        if vetting in VETTING_OPEN:
            vetting_open += n
    totals = _totals(counts)
    return {
        "generated_at": now.isoformat(),
        "registrations": totals,
        "categories": _categories(event, counts),
        "delegations": _delegations(event),
        "countries": _countries(by_country),
        "per_day": _per_day(event, registrations),
        "zones": _zones(event),
        "scans_today": _scans_today(event, now),
        "todo": _todo(
            event,
            registrations,
            roles,
            pending=totals["by_status"][Status.PENDING],
            vetting_open=vetting_open,
        ),
    }


def _totals(counts: dict[int, dict[str, int]]) -> dict:
    by_status = {
        status: sum(statuses.get(status, 0) for statuses in counts.values())
        for status in Status.values
    }
    return {"total": sum(by_status.values()), "by_status": by_status}


def _categories(event: Event, counts: dict[int, dict[str, int]]) -> list[dict]:
    rows = []
    for category in event.categories.order_by("position", "pk"):
        statuses = {status: counts.get(category.pk, {}).get(status, 0) for status in Status.values}
        holding = sum(statuses[status] for status in HOLDS_A_PLACE)
        rows.append(
            {
                "slug": category.slug,
                "name": str(category.name),
                "colour": category.badge_colour,
                "capacity": category.capacity,
                "by_status": statuses,
                "places_taken": holding,
                "waitlisted": statuses[Status.WAITLISTED],
                # Percent of the capacity taken, for the bar; None without a limit.
                "fill": min(100, round(100 * holding / category.capacity))
                if category.capacity
                else None,
            }
        )
    return rows


def _delegations(event: Event) -> list[dict]:
    delegations = Delegation.objects.filter(event=event).annotate(
        member_count=Count("members", filter=~Q(members__status=Status.CANCELLED)),
        approved_count=Count("members", filter=Q(members__status=Status.APPROVED)),
        pending_count=Count(
            "members", filter=Q(members__status__in=[Status.PENDING, Status.VETTING])
        ),
    )
    return [
        {
            "id": delegation.pk,
            "name": str(delegation.name),
            "country": delegation.country.code or "",
            "quota": delegation.quota,
            "members": delegation.member_count,
            "approved": delegation.approved_count,
            "pending": delegation.pending_count,
            "has_head": delegation.head_id is not None,
        }
        for delegation in delegations.order_by("-member_count", "pk")
    ]


def _countries(by_country: Counter[str]) -> list[dict]:
    rows = sorted(by_country.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"code": code, "name": str(countries.name(code)), "registrations": n} for code, n in rows
    ]


def _per_day(event: Event, registrations) -> list[dict]:
    rows = (
        registrations.annotate(day=TruncDate("created_at", tzinfo=event.tzinfo))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    return [
        {
            "date": day.isoformat(),
            "label": formats.date_format(day, "SHORT_DATE_FORMAT"),
            "registrations": n,
        }
        for day, n in rows
    ]


def _zones(event: Event) -> list[dict]:
    inside = dict(
        ZonePresence.objects.filter(event=event, is_inside=True)
        .values_list("zone_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {"slug": zone.slug, "name": str(zone.name), "inside": inside.get(zone.pk, 0)}
        for zone in event.zones.exclude(kind="vehicle").order_by("position", "pk")
    ]


def _scans_today(event: Event, now: datetime) -> list[dict]:
    """Scans (every answer, refusals included) per quarter hour of the event's today."""
    zone = event.tzinfo
    start = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        CheckInScan.objects.filter(event=event, scanned_at__gte=start, scanned_at__lte=now)
        .annotate(
            hour=TruncHour("scanned_at", tzinfo=zone),
            # Cast: PostgreSQL's EXTRACT is numeric, and 44 / 15 must give the quarter 2.
            quarter=Cast(ExtractMinute("scanned_at", tzinfo=zone), IntegerField())
            / SCAN_BUCKET_MINUTES,
        )
        .values_list("hour", "quarter")
        .annotate(
            n=Count("pk"),
            accepted=Count("pk", filter=Q(result=ScanResult.ACCEPTED)),
        )
        .order_by("hour", "quarter")
    )
    buckets = []
    for hour, quarter, n, accepted in rows:
        begins = hour.astimezone(zone) + timedelta(minutes=SCAN_BUCKET_MINUTES * quarter)
        buckets.append(
            {
                "start": begins.isoformat(),
                "label": formats.time_format(begins, "TIME_FORMAT"),
                "scans": n,
                "accepted": accepted,
            }
        )
    return buckets


def _todo(
    event: Event, registrations, roles: set[str] | None, *, pending: int, vetting_open: int
) -> list[dict]:
    slug = {"slug": event.slug}
    scope = event_message_scope(event)
    items = [
        (
            "pending_approval",
            Role.ACCREDITATION,
            _("Registrations waiting for approval"),
            pending,
            _url("manage_registrations:index", slug, status=Status.PENDING),
        ),
        (
            "awaiting_vetting",
            Role.ACCREDITATION,
            _("Registrations waiting for security vetting"),
            vetting_open,
            _url("protocol:vetting", slug),
        ),
        (
            "badges_not_printed",
            Role.ACCREDITATION,
            _("Approved registrants without a printed badge"),
            registrations.filter(status=Status.APPROVED).exclude(badge_printed()).count(),
            _url("badges:index", slug, printed="no"),
        ),
        (
            "messages_failed",
            Role.ACCREDITATION,
            _("Messages that could not be delivered"),
            Message.objects.filter(scope=scope, status=MessageStatus.FAILED).count(),
            _url("manage:messages", slug, status=MessageStatus.FAILED),
        ),
        (
            "messages_delayed",
            Role.ACCREDITATION,
            _("Messages being tried again"),
            Message.objects.filter(
                scope=scope, status=MessageStatus.QUEUED, attempts__gt=0
            ).count(),
            _url("manage:messages", slug, status=MessageStatus.QUEUED),
        ),
        (
            "delegations_incomplete",
            Role.ACCREDITATION,
            _("Delegations without a head or with members waiting"),
            Delegation.objects.filter(event=event)
            .filter(Q(head__isnull=True) | Q(members__status__in=[Status.PENDING, Status.VETTING]))
            .distinct()
            .count(),
            _url("manage_registrations:delegations", slug),
        ),
    ]
    return [
        {"key": key, "label": str(label), "count": count, "url": url}
        for key, role, label, count, url in items
        if roles is None or roles & roles_that_may(role)
    ]


def _url(name: str, kwargs: dict, **query) -> str:
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{urlencode(query)}" if query else url
