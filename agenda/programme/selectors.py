"""Reads of the draft programme and of speakers."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from agenda.programme.models import Room, Session, SpeakerProfile, Track
from events.summit.models import Event
from registrations.registration.models import Registration
from registrations.registration.models import Status as RegistrationStatus


def rooms_and_tracks(*, event: Event) -> tuple[QuerySet[Room], QuerySet[Track]]:
    return Room.objects.filter(event=event), Track.objects.filter(event=event)


def speaker_profiles(*, registration_ids: Iterable[int]) -> dict[int, SpeakerProfile]:
    return {
        profile.registration_id: profile
        for profile in SpeakerProfile.objects.filter(registration_id__in=list(registration_ids))
    }


def speaker_registration(*, event: Event, registration_id: int) -> Registration | None:
    return Registration.objects.filter(event=event, pk=registration_id).first()


def draft_sessions(*, event: Event) -> QuerySet[Session]:
    return (
        Session.objects.filter(event=event)
        .select_related("room", "track")
        .prefetch_related("speakers__registration")
        .order_by("starts_at", "room__position", "pk")
    )


def registrations_for_speaking(*, event: Event, search: str = "") -> QuerySet[Registration]:
    queryset = Registration.objects.filter(event=event).filter(
        Q(category__slug="speaker") | Q(status=RegistrationStatus.APPROVED)
    )
    queryset = queryset.exclude(
        status__in=[
            RegistrationStatus.REJECTED,
            RegistrationStatus.CANCELLED,
            RegistrationStatus.REVOKED,
        ]
    )
    if search:
        queryset = queryset.filter(Q(reference__iexact=search) | Q(last_name__icontains=search))
    return queryset.select_related("category").order_by("last_name", "first_name")
