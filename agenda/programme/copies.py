"""A summit copied into a new one takes its rooms (in the copied zones) and tracks
(`events.summit.copies`); never its sessions or speakers."""

from agenda.programme.models import Room, Track
from events.summit.copies import EventCopy


def copy_rooms_and_tracks(event_copy: EventCopy) -> None:
    event_copy.copy_rows(Room.objects.filter(event=event_copy.source).order_by("pk"))
    event_copy.copy_rows(Track.objects.filter(event=event_copy.source).order_by("pk"))
