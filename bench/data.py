"""The benchmark's data: one summit at scale, and a fresh event per registration burst.

Bulk inserts (no services) because only the shape matters here: the services
under test run during the measurement itself. Everything is idempotent: a second
run tops up what is missing, so `make bench` is fast after the first time.
Django must be set up before this module is imported (bench/harness.py does it).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from agenda.personal.models import PersonalAgendaItem
from agenda.programme.models import Room, Session, SessionSpeaker
from agenda.releases.models import ScheduleRelease
from agenda.releases.services import schedule_release
from events.audit.services import Actor
from events.summit.models import AccessZone, Event, RegistrationCategory
from registrations.badges.models import Badge
from registrations.delegations.models import Delegation
from registrations.registration.models import Registration, Status

CATEGORIES = (  # slug, English name, share of the registrations (out of 20)
    ("delegate", "Delegate", 12),
    ("head-of-delegation", "Head of delegation", 1),
    ("speaker", "Speaker", 2),
    ("media", "Media", 2),
    ("private-sector", "Private sector", 3),
)
ROOMS = 10
DAYS = 3
DELEGATION_SIZE = 25


@dataclass(frozen=True)
class Sizes:
    registrations: int
    sessions: int
    speaker_links: int
    personal_agendas: int
    sessions_per_agenda: int = 4


def summit(*, slug: str, prefix: str, sizes: Sizes) -> Event:
    """The event everything but the registration burst reads: registrations, badges, agenda."""
    dubai = ZoneInfo("Asia/Dubai")
    first_day = (timezone.now().astimezone(dubai) + timedelta(days=60)).date()
    starts = datetime.combine(first_day, datetime.min.time(), dubai).replace(hour=8)
    event, _created = Event.objects.get_or_create(
        slug=slug,
        defaults={
            "name": {"en": "Benchmark Summit", "ar": "قمة القياس"},
            "venue_name": {"en": "Exhibition Centre"},
            "timezone": "Asia/Dubai",
            "starts_at": starts,
            "ends_at": starts + timedelta(days=DAYS - 1, hours=12),
            "is_published": True,
        },
    )
    zone, _ = AccessZone.objects.get_or_create(
        event=event, slug="plenary", defaults={"name": {"en": "Plenary"}, "is_main_entrance": True}
    )
    categories = []
    for position, (category_slug, name, _share) in enumerate(CATEGORIES):
        category, _ = RegistrationCategory.objects.get_or_create(
            event=event, slug=category_slug, defaults={"name": {"en": name}, "position": position}
        )
        category.zones.set([zone])
        categories.append(category)
    _registrations(event=event, categories=categories, prefix=prefix, count=sizes.registrations)
    _programme(event=event, sizes=sizes)
    _personal_agendas(event=event, sizes=sizes)
    return event


def _registrations(*, event: Event, categories: list, prefix: str, count: int) -> None:
    have = Registration.objects.filter(event=event).count()
    if have >= count:
        return
    wheel = [
        c for c, (_s, _n, share) in zip(categories, CATEGORIES, strict=True) for _ in range(share)
    ]
    delegations = list(Delegation.objects.filter(event=event).order_by("pk"))
    needed = -(-count // DELEGATION_SIZE)
    if len(delegations) < needed:
        delegations += Delegation.objects.bulk_create(
            Delegation(
                event=event,
                name={"en": f"Delegation {number:04d}"},
                country="AE",
                quota=DELEGATION_SIZE,
            )
            for number in range(len(delegations), needed)
        )
    now = timezone.now()
    with transaction.atomic():
        Registration.objects.bulk_create(
            (
                Registration(
                    event=event,
                    category=wheel[number % len(wheel)],
                    delegation=delegations[number // DELEGATION_SIZE],
                    reference=f"{prefix}-{number:06d}",
                    status=Status.APPROVED,
                    first_name="Bench",
                    last_name=f"Delegate {number:05d}",
                    name_ar="مندوب" if number % 2 else "",
                    email=f"bench{number}@{event.slug}.example",
                    organization="Bench Organisation",
                    job_title="Delegate",
                    country="AE",
                    consent_at=now,
                )
                for number in range(have, count)
            ),
            batch_size=2000,
        )
        missing = Registration.objects.filter(event=event, badges__isnull=True)
        Badge.objects.bulk_create(
            (Badge(registration=registration, version=1) for registration in missing.iterator()),
            batch_size=2000,
        )


def _programme(*, event: Event, sizes: Sizes) -> None:
    if Session.objects.filter(event=event).count() >= sizes.sessions:
        return
    ScheduleRelease.objects.filter(event=event).delete()
    Session.objects.filter(event=event).delete()
    rooms = list(Room.objects.filter(event=event).order_by("pk")) or Room.objects.bulk_create(
        Room(event=event, slug=f"room-{n}", name={"en": f"Room {n}", "ar": f"القاعة {n}"})
        for n in range(ROOMS)
    )
    slots_per_day = max(1, -(-sizes.sessions // ROOMS // DAYS))
    sessions = []
    for index in range(sizes.sessions):
        slot, room = divmod(index, ROOMS)
        day, hour = divmod(slot, slots_per_day)
        begin = event.starts_at + timedelta(days=day, hours=hour)
        sessions.append(
            Session(
                event=event,
                title={
                    "en": f"Session {index}: international cooperation against crime",
                    "ar": f"الجلسة {index}: التعاون الدولي في مكافحة الجريمة",
                },
                abstract={
                    "en": "Senior officials compare what works and agree on next steps. " * 3
                },
                starts_at=begin,
                ends_at=begin + timedelta(minutes=50),
                room=rooms[room],
            )
        )
    sessions = Session.objects.bulk_create(sessions)
    speakers = list(
        Registration.objects.filter(event=event, category__slug="speaker")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    per_session = max(1, sizes.speaker_links // max(1, len(sessions)))
    links = []
    for index, session in enumerate(sessions):
        slot = index // ROOMS
        for k in range(per_session):
            # Distinct speakers within a slot, so nobody is double-booked.
            speaker = speakers[
                (slot * ROOMS * per_session + (index % ROOMS) * per_session + k) % len(speakers)
            ]
            links.append(SessionSpeaker(session=session, registration_id=speaker, order=k))
    SessionSpeaker.objects.bulk_create(links[: sizes.speaker_links])
    schedule_release(event_id=event.pk, actor=Actor(label="bench"))


def _personal_agendas(*, event: Event, sizes: Sizes) -> None:
    have = (
        PersonalAgendaItem.objects.filter(registration__event=event)
        .values("registration")
        .distinct()
        .count()
    )
    if have >= sizes.personal_agendas:
        return
    PersonalAgendaItem.objects.filter(registration__event=event).delete()
    sessions = list(Session.objects.filter(event=event).order_by("pk").values_list("pk", flat=True))
    owners = personal_feed_tokens(event=event, count=sizes.personal_agendas, with_ids=True)
    PersonalAgendaItem.objects.bulk_create(
        (
            PersonalAgendaItem(
                registration_id=registration_id,
                # Sessions in different slots, so no agenda holds two at once.
                session_id=sessions[(number * 7 + k * ROOMS * 3 + k) % len(sessions)],
            )
            for number, (registration_id, _token) in enumerate(owners)
            for k in range(sizes.sessions_per_agenda)
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )


def personal_feed_tokens(*, event: Event, count: int, with_ids: bool = False) -> list:
    """The feed secrets of the first `count` delegates: the ones with a personal agenda."""
    rows = (
        Registration.objects.filter(event=event, category__slug="delegate")
        .order_by("pk")
        .values_list("pk", "feed_secret")[:count]
    )
    return list(rows) if with_ids else [token for _pk, token in rows]


def opening(*, slug: str, capacity: int) -> Event:
    """A fresh event whose registration opens now: the target of the burst."""
    now = timezone.now()
    event = Event.objects.create(
        slug=slug,
        name={"en": "Registration burst"},
        venue_name={"en": "Bench hall"},
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=32),
        registration_opens_at=now - timedelta(minutes=1),
        capacity=capacity,
        is_published=True,
    )
    for position, (category_slug, name, _share) in enumerate(CATEGORIES):
        RegistrationCategory.objects.create(
            event=event,
            slug=category_slug,
            name={"en": name},
            position=position,
            requires_approval=True,
            allows_waitlist=True,
        )
    return event
