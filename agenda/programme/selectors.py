"""Reads of the draft programme and of speakers."""

from collections.abc import Iterable

from django.db.models import QuerySet

from agenda.programme.models import Session, SpeakerProfile
from events.summit.models import Event


def speaker_profiles(*, registration_ids: Iterable[int]) -> dict[int, SpeakerProfile]:
    return {
        profile.registration_id: profile
        for profile in SpeakerProfile.objects.filter(registration_id__in=list(registration_ids))
    }


def draft_sessions(*, event: Event) -> QuerySet[Session]:
    return (
        Session.objects.filter(event=event)
        .select_related("room", "track")
        .prefetch_related("speakers__registration", "interpretation")
        .order_by("starts_at", "room__position", "pk")
    )
