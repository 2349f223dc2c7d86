"""The personal agenda section of the registrant's page (/me/<token>/).

Registered from AgendaConfig.ready() through `registrations.registration.pages`, so the
registrations app shows it without importing agenda.
"""

from itertools import groupby

from django.urls import reverse

from agenda.calendars.links import feed_links
from agenda.personal.selectors import (
    ACTIVE_REGISTRATION,
    invited_session_ids,
    may_attend,
    personal_session_ids,
    places_taken,
)
from agenda.programme.models import SessionKind
from agenda.releases.selectors import schedule_get


def personal_agenda_section(registration, request) -> dict:
    """The template's `section`: chosen and speaking sessions, what can be added, feeds."""
    event = registration.event
    schedule = schedule_get(event=event)
    chosen_ids = personal_session_ids(registration=registration)
    ids = [snapshot.session_id for snapshot in schedule.sessions]
    invited = invited_session_ids(registration=registration, session_ids=ids) if ids else set()
    taken = places_taken(session_ids=ids) if ids else {}
    zone = event.tzinfo
    rows = []
    for snapshot in schedule.sessions:
        if snapshot.kind == SessionKind.BREAK:
            continue
        if snapshot.session_id in chosen_ids:
            state = "added"
        elif snapshot.is_cancelled:
            state = "cancelled"
        elif not may_attend(snapshot, invited):
            state = "not_invited"
        elif (
            snapshot.capacity is not None and taken.get(snapshot.session_id, 0) >= snapshot.capacity
        ):
            state = "full"
        else:
            state = "available"
        places_left = (
            None
            if snapshot.capacity is None
            else max(snapshot.capacity - taken.get(snapshot.session_id, 0), 0)
        )
        rows.append({"session": snapshot, "state": state, "places_left": places_left})
    days = [
        {"date": day, "rows": list(items)}
        for day, items in groupby(
            rows, key=lambda row: row["session"].starts_at.astimezone(zone).date()
        )
    ]
    # The feed's own secret, never the page token: the address goes to a calendar provider.
    feed_path = reverse("agenda:personal-feed", kwargs={"feed_secret": registration.feed_secret})
    return {
        "active": registration.status in ACTIVE_REGISTRATION,
        "released": schedule.release is not None,
        "chosen": [s for s in schedule.sessions if s.session_id in chosen_ids],
        "speaking": [s for s in schedule.sessions if registration.pk in s.speaker_ids],
        "days": days,
        "feed": feed_links(feed_path),
        "feed_secret": registration.feed_secret,
        "token": registration.secret_token,
        "reminder_minutes": event.session_reminder_minutes,
    }
