"""Public agenda pages, calendar feeds, and the registrant's agenda endpoints.

Everything public reads the current release only (`agenda.selectors.schedule_get`).
"""

from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from agenda.feeds import agenda_feed, feed_language, ics_response, personal_feed
from agenda.ics import (
    absolute_url,
    calendar_feed,
    calendar_name,
    google_calendar_url,
    google_subscribe_url,
    outlook_calendar_url,
    outlook_subscribe_url,
    webcal_url,
)
from agenda.models import SessionKind
from agenda.selectors import (
    personal_agenda_changed_at,
    personal_bilaterals,
    personal_feed_sessions,
    released_session,
    schedule_get,
    sessions_filter,
    speaker_profiles,
)
from agenda.services.errors import AgendaError
from agenda.services.personal import personal_agenda_add, personal_agenda_remove
from events.models import Event
from registrations.registration.selectors import registration_by_feed_secret, registration_by_token


def _published_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published(), slug=slug)


def calendar_links(event: Event, snapshot) -> dict:
    ics = reverse(
        "agenda:session-ics", kwargs={"slug": event.slug, "session_id": snapshot.session_id}
    )
    return {
        "ics": ics,
        "google": google_calendar_url(event, snapshot),
        "outlook": outlook_calendar_url(event, snapshot),
        "outlook_com": outlook_calendar_url(event, snapshot, host="outlook.live.com"),
    }


def feed_links(path: str) -> dict:
    url = absolute_url(path)
    return {
        "https": url,
        "webcal": webcal_url(url),
        "google": google_subscribe_url(url),
        "outlook": outlook_subscribe_url(url),
        "outlook_com": outlook_subscribe_url(url, host="outlook.live.com"),
    }


def _day(value: str, days: list[date]) -> date | None:
    try:
        chosen = date.fromisoformat(value)
    except ValueError:
        return days[0] if days else None
    return chosen if chosen in days else (days[0] if days else None)


@require_GET
def agenda(request, slug: str):
    event = _published_event(slug)
    schedule = schedule_get(event=event)
    days = schedule.days()
    params = request.GET
    speaker = params.get("speaker", "")
    chosen = {
        "track": params.get("track", "")[:50],
        "room": params.get("room", "")[:50],
        "kind": params.get("kind", "") if params.get("kind", "") in SessionKind.values else "",
        "speaker": int(speaker) if speaker.isdigit() else None,
    }
    day = _day(params.get("day", ""), days)
    sessions = sessions_filter(schedule.sessions, event=event, day=day, **chosen)
    tracks, rooms = {}, {}
    for snapshot in schedule.sessions:
        if snapshot.track_slug:
            tracks.setdefault(snapshot.track_slug, (snapshot.track_name, snapshot.track_colour))
        if snapshot.room_slug:
            rooms.setdefault(snapshot.room_slug, snapshot.room_name)
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
        "feed": feed_links(reverse("agenda:agenda-ics", kwargs={"slug": event.slug})),
    }
    return render(request, "agenda/agenda.html", context)


@require_GET
def session_detail(request, slug: str, session_id: int):
    event = _published_event(slug)
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
    event = _published_event(slug)
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
    event = _published_event(slug)
    schedule = schedule_get(event=event)
    if not any(speaker_id in snapshot.speaker_ids for snapshot in schedule.sessions):
        raise Http404
    profile = speaker_profiles(registration_ids=[speaker_id]).get(speaker_id)
    if profile is None or not profile.is_public or not profile.photo:
        raise Http404
    return FileResponse(profile.photo.open("rb"))


# --- Feeds --------------------------------------------------------------------------


@require_GET
def agenda_ics(request, slug: str):
    event = _published_event(slug)
    body, last_modified = agenda_feed(event=event, language=feed_language(request))
    if last_modified is not None:
        # An edit of the event (its name, venue) changes the feed between releases.
        last_modified = max(last_modified, event.updated_at.replace(microsecond=0))
    return ics_response(
        request, body, last_modified=last_modified, filename=f"{event.slug}-agenda.ics"
    )


@require_GET
def session_ics(request, slug: str, session_id: int):
    event = _published_event(slug)
    snapshot = released_session(event=event, session_id=session_id)
    if snapshot is None:
        raise Http404
    language = feed_language(request)
    with translation.override(language):
        name = calendar_name(event)
    body = calendar_feed(event=event, sessions=[snapshot], name=name, language=language)
    return ics_response(
        request,
        body,
        last_modified=snapshot.last_modified_at,
        filename=f"{event.slug}-session-{session_id}.ics",
    )


def _registration_or_404(token: str):
    registration = registration_by_token(token=token)
    if registration is None:
        raise Http404
    return registration


@require_GET
def personal_ics(request, token: str):
    """The feed's first address, under the page token: subscriptions made before the
    feed had its own secret follow this permanent redirect to it."""
    registration = _registration_or_404(token)
    feed = reverse("agenda:personal-feed", kwargs={"feed_secret": registration.feed_secret})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{feed}?{query}" if query else feed)


@require_GET
def personal_feed_ics(request, feed_secret: str):
    """The personal calendar feed, under its own read-only secret (a calendar
    provider that learns this address can read the agenda and nothing else)."""
    registration = registration_by_feed_secret(secret=feed_secret)
    if registration is None:
        raise Http404
    event = registration.event
    schedule = schedule_get(event=event)
    sessions = personal_feed_sessions(registration=registration, schedule=schedule)
    meetings = personal_bilaterals(registration=registration)
    body = personal_feed(
        event=event, sessions=sessions, language=feed_language(request), bilaterals=meetings
    )
    stamps = [s.last_modified_at for s in sessions] + [m.changed_at for m in meetings]
    changed = personal_agenda_changed_at(registration=registration)
    return ics_response(
        request,
        body,
        last_modified=max([*stamps, *([changed] if changed else [])], default=None),
        filename=f"{event.slug}-my-agenda.ics",
        private=True,
    )


# --- The registrant's agenda (forms on /me/<token>/) ------------------------------------


def _back(registration):
    return redirect(registration.get_absolute_url() + "#agenda")


@require_POST
def personal_add(request, token: str):
    registration = _registration_or_404(token)
    try:
        item = personal_agenda_add(
            registration=registration, session_id=request.POST.get("session")
        )
    except AgendaError as error:
        messages.error(request, error.message)
    else:
        snapshot = released_session(event=registration.event, session_id=item.session_id)
        messages.success(
            request,
            translation.gettext("“%(title)s” is in your agenda.") % {"title": snapshot.title},
        )
    return _back(registration)


@require_POST
def personal_remove(request, token: str):
    registration = _registration_or_404(token)
    try:
        removed = personal_agenda_remove(
            registration=registration, session_id=request.POST.get("session")
        )
    except AgendaError as error:
        messages.error(request, error.message)
    else:
        if removed:
            messages.success(request, translation.gettext("The session is out of your agenda."))
        else:
            messages.error(request, translation.gettext("This session is not in your agenda."))
    return _back(registration)
