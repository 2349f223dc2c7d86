"""Public programme pages: the agenda, a session, a speaker and their photo.

Everything public reads the current release only (`agenda.releases.selectors.schedule_get`);
the feeds are agenda/calendars/views.py, the registrant's forms agenda/personal/views.py.
"""

from datetime import date

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from agenda.calendars.links import calendar_links, feed_links
from agenda.programme.interpretation import is_known_language
from agenda.programme.models import SessionKind
from agenda.programme.selectors import speaker_profiles
from agenda.releases.selectors import released_session, schedule_get, sessions_filter
from events.summit.models import Event


def published_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published(), slug=slug)


def _day(value: str, days: list[date]) -> date | None:
    try:
        chosen = date.fromisoformat(value)
    except ValueError:
        return days[0] if days else None
    return chosen if chosen in days else (days[0] if days else None)


@require_GET
def agenda(request, slug: str):
    event = published_event(slug)
    schedule = schedule_get(event=event)
    days = schedule.days()
    params = request.GET
    speaker = params.get("speaker", "")
    language = params.get("interpretation", "")
    chosen = {
        "track": params.get("track", "")[:50],
        "room": params.get("room", "")[:50],
        "kind": params.get("kind", "") if params.get("kind", "") in SessionKind.values else "",
        "speaker": int(speaker) if speaker.isdigit() else None,
        "interpretation": language if is_known_language(language) else "",
    }
    day = _day(params.get("day", ""), days)
    sessions = sessions_filter(schedule.sessions, event=event, day=day, **chosen)
    tracks, rooms = {}, {}
    for snapshot in schedule.sessions:
        if snapshot.track_slug:
            tracks.setdefault(
                snapshot.track_slug, (str(snapshot.track_name), snapshot.track_colour)
            )
        if snapshot.room_slug:
            rooms.setdefault(snapshot.room_slug, str(snapshot.room_name))
    kinds_present = {snapshot.kind for snapshot in schedule.sessions}
    filters = {name: value for name, value in chosen.items() if value}
    query = urlencode(filters)
    context = {
        "event": event,
        "release": schedule.release,
        "days": [
            {"date": value, "query": f"day={value.isoformat()}" + (f"&{query}" if query else "")}
            for value in days
        ],
        "day": day,
        "rows": [(snapshot, calendar_links(event, snapshot)) for snapshot in sessions],
        "chosen": chosen,
        "filtered": bool(filters),
        "tracks": sorted(tracks.items(), key=lambda item: item[1][0]),
        "rooms": sorted(rooms.items(), key=lambda item: item[1]),
        "kinds": [(value, label) for value, label in SessionKind.choices if value in kinds_present],
        "speakers": schedule.speakers(),
        "interpretation_languages": schedule.languages(),
        "feed": feed_links(reverse("agenda:agenda-ics", kwargs={"slug": event.slug})),
    }
    return render(request, "agenda/agenda.html", context)


@require_GET
def session_detail(request, slug: str, session_id: int):
    event = published_event(slug)
    snapshot = released_session(event=event, session_id=session_id)
    if snapshot is None:
        raise Http404
    profiles = speaker_profiles(registration_ids=snapshot.speaker_ids)
    speakers = [
        {**speaker, "profile": profiles.get(speaker["registration"])}
        for speaker in snapshot.speakers
    ]
    context = {
        "event": event,
        "session": snapshot,
        "speakers": speakers,
        "links": calendar_links(event, snapshot),
    }
    return render(request, "agenda/session.html", context)


@require_GET
def speaker_detail(request, slug: str, speaker_id: int):
    event = published_event(slug)
    schedule = schedule_get(event=event)
    sessions = [
        snapshot
        for snapshot in schedule.sessions
        if speaker_id in snapshot.speaker_ids and not snapshot.is_cancelled
    ]
    if not sessions:
        raise Http404
    speaker = next(s for s in sessions[0].speakers if s["registration"] == speaker_id)
    profile = speaker_profiles(registration_ids=[speaker_id]).get(speaker_id)
    context = {
        "event": event,
        "speaker": speaker,
        "profile": profile if profile and profile.is_public else None,
        "sessions": sessions,
    }
    return render(request, "agenda/speaker.html", context)


@require_GET
def speaker_photo(request, slug: str, speaker_id: int):
    event = published_event(slug)
    schedule = schedule_get(event=event)
    if not any(speaker_id in snapshot.speaker_ids for snapshot in schedule.sessions):
        raise Http404
    profile = speaker_profiles(registration_ids=[speaker_id]).get(speaker_id)
    if profile is None or not profile.is_public or not profile.photo:
        raise Http404
    return FileResponse(profile.photo.open("rb"))
