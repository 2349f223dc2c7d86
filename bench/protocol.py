"""Summit protocol in-process: a vetting round trip and the plenary seating list.

Called by `python -m bench` (group `protocol`). On a fresh event each run:
`count` registrations wait in security vetting; the batch is exported (rows and
CSV), the security service's answer is checked (dry run) and applied: 80 %
cleared (each gets its badge issued and its approval email queued), 10 %
refused, 10 % asked for more information. The badge PDF of an approval email is
made by the worker that sends it, so it is not in these figures. The cleared
ones are then given protocol ranks and the seating list is built as JSON rows,
CSV and PDF.
"""

import io
import time
from datetime import timedelta

from django.utils import timezone

from events.audit.services import Actor
from events.summit.models import AccessZone, Event, ProtocolRank, RegistrationCategory
from notifications.models import Message
from registrations.delegations.models import Delegation
from registrations.registration.models import Registration, Status, VettingState

ACTOR = Actor(label="bench")
RANKS = ("head-of-state", "head-of-government", "minister", "ambassador", "delegate")


def _drop_queued_messages(slug: str) -> None:
    """The emails the round trip queued (approvals with their badge PDF, refusals).

    They are by-products, not measured: left queued, the next run's reminder fan-out
    would have to send them first, a badge PDF each, and miss its own deadline.
    """
    Message.objects.filter(recipient__endswith=f"@{slug}.bench.example").delete()


def _fresh_event(slug: str) -> Event:
    """Drop what an earlier run left, then create the event anew."""
    old = Event.objects.filter(slug=slug).first()
    if old is not None:
        _drop_queued_messages(slug)
        Registration.objects.filter(event=old).delete()
        old.delete()
    starts = timezone.now() + timedelta(days=40)
    event = Event.objects.create(
        slug=slug,
        name={"en": "Protocol Benchmark", "ar": "قياس المراسم"},
        venue_name={"en": "Exhibition Centre"},
        timezone="Asia/Dubai",
        starts_at=starts,
        ends_at=starts + timedelta(days=2),
        is_published=True,
    )
    plenary = AccessZone.objects.create(
        event=event, slug="plenary", name={"en": "Plenary"}, is_main_entrance=True
    )
    category = RegistrationCategory.objects.create(
        event=event, slug="official", name={"en": "Security official"}, requires_vetting=True
    )
    category.zones.set([plenary])
    for position, slug_ in enumerate(RANKS):
        ProtocolRank.objects.create(
            event=event,
            slug=slug_,
            name={"en": slug_.replace("-", " ").title()},
            position=position,
        )
    return event


def _in_vetting(event: Event, count: int, slug: str, prefix: str) -> None:
    delegations = Delegation.objects.bulk_create(
        Delegation(event=event, name={"en": f"Delegation {n:03d}", "ar": f"الوفد {n}"}, quota=1000)
        for n in range(max(1, count // 20))
    )
    category = event.categories.get()
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            category=category,
            reference=f"{prefix}-{n:06d}",
            status=Status.VETTING,
            vetting_state=VettingState.AWAITING_EXPORT,
            title="he" if n % 3 else "he_ambassador",
            first_name="Official",
            last_name=f"Number {n}",
            name_ar=f"مسؤول رقم {n}" if n % 2 else "",
            email=f"official{n}@{slug}.bench.example",
            organization="Ministry of Interior",
            job_title="Director",
            country="AE",
            consent_at=now,
            delegation=delegations[n % len(delegations)],
        )
        for n in range(count)
    )


def run(*, count: int, slug: str, prefix: str) -> dict:
    event = _fresh_event(slug)
    try:
        return _round_trip(event, count=count, slug=slug, prefix=prefix)
    finally:
        _drop_queued_messages(slug)


def _round_trip(event: Event, *, count: int, slug: str, prefix: str) -> dict:
    from registrations.protocol.seating import seating_csv, seating_list, seating_pdf
    from registrations.vetting.services import (
        decisions_from_csv,
        vetting_batch_create,
        vetting_batch_csv,
        vetting_batch_rows,
        vetting_import,
    )

    _in_vetting(event, count, slug, prefix)

    started = time.perf_counter()
    batch = vetting_batch_create(event=event, actor=ACTOR)
    rows = vetting_batch_rows(batch=batch, photo_url=lambda registration: "")
    vetting_batch_csv(rows)
    exported = time.perf_counter()

    decisions = io.StringIO()
    decisions.write("reference,decision,note\n")
    outcomes = {1: "refused", 2: "more_information"}  # of every ten; the rest cleared
    for n, row in enumerate(rows):
        decisions.write(f"{row['reference']},{outcomes.get(n % 10, 'cleared')},\n")
    content = decisions.getvalue().encode()
    checked_at = time.perf_counter()
    dry = vetting_import(event=event, rows=decisions_from_csv(content), actor=ACTOR, dry_run=True)
    checked = time.perf_counter()
    applied = vetting_import(
        event=event, rows=decisions_from_csv(content), actor=ACTOR, dry_run=False
    )
    finished = time.perf_counter()
    if not (dry.valid and applied.applied):
        raise RuntimeError("The benchmark's own vetting decisions were refused.")

    ranks = list(event.protocol_ranks.all())
    cleared = list(
        Registration.objects.filter(event=event, status=Status.APPROVED).values_list(
            "pk", flat=True
        )
    )
    for index, rank in enumerate(ranks):
        Registration.objects.filter(pk__in=cleared[index :: len(ranks)]).update(protocol_rank=rank)
    seating_started = time.perf_counter()
    seats = seating_list(event=event)
    listed = time.perf_counter()
    seating_csv(seats)
    pdf = seating_pdf(seats, event=event)
    seating_finished = time.perf_counter()
    counts = applied.counts()
    return {
        "vetting": {
            "label": "security vetting round trip (export, dry run, apply; each cleared one "
            "gets its badge and its approval email queued, the PDF made when it is sent)",
            "registrations": count,
            "export_seconds": round(exported - started, 2),
            "dry_run_seconds": round(checked - checked_at, 2),
            "apply_seconds": round(finished - checked, 2),
            "cleared": counts["cleared"],
            "refused": counts["refused"],
            "more_information": counts["more_information"],
            "cleared_per_second": round(counts["cleared"] / (finished - checked), 1),
        },
        "seating": {
            "label": "plenary seating list in order of precedence",
            "seats": len(seats),
            "list_seconds": round(listed - seating_started, 2),
            "csv_and_pdf_seconds": round(seating_finished - listed, 2),
            "pdf_kilobytes": round(len(pdf) / 1000, 1),
        },
    }
