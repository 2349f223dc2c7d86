"""Calendar feed responses: build once, answer conditional GETs with 304.

A whole-agenda feed is a pure function of the current release, the event's
shown fields, the language and SITE_URL, so its bytes are cached under a key
naming all of them: a new release or an edited event makes a new key, never a
stale feed. Below it, each session's VEVENT bytes are cached under a digest of
the snapshot's content, so the first request after a release rebuilds only the
sessions that release changed (icalendar's serializer costs about half a
millisecond per event).
"""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from agenda.calendars.ics import CONTENT_TYPE, calendar_feed, calendar_name, vevent_bytes
from agenda.releases.models import SessionRelease
from agenda.releases.selectors import current_release, release_sessions
from events.bilingual import active_language
from events.summit.models import Event

FEED_CACHE_SECONDS = 24 * 3600


def feed_language(request) -> str:
    """`?lang=ar` or `?lang=en` wins (calendar apps send no Accept-Language), else the page's."""
    chosen = request.GET.get("lang", "")
    if chosen in {"en", "ar"}:
        return chosen
    return "ar" if active_language() == "ar" else "en"


def last_modified_of(sessions: list[SessionRelease]) -> datetime | None:
    return max((snapshot.last_modified_at for snapshot in sessions), default=None)


def _event_digest(event: Event) -> str:
    """Everything of the event that a feed shows, and where its links point."""
    shown = [
        settings.SITE_URL,
        event.slug,
        event.name_en,
        event.name_ar,
        event.venue_name_en,
        event.venue_name_ar,
        event.timezone,
        # Instants, not their text: the same time reads back from the database in UTC.
        str(event.starts_at.timestamp()),
        str(event.ends_at.timestamp()),
    ]
    return hashlib.sha256("\x1f".join(shown).encode()).hexdigest()[:16]


def _vevent_key(snapshot: SessionRelease, *, prefix: str) -> str:
    # The snapshot's own content, so that even two releases within one second
    # can never share a cached event.
    content = repr(
        [
            snapshot.session_uid,
            snapshot.sequence,
            snapshot.last_modified_at.timestamp(),
            snapshot.status,
            snapshot.starts_at.timestamp(),
            snapshot.ends_at.timestamp(),
            snapshot.title_en,
            snapshot.title_ar,
            snapshot.abstract_en,
            snapshot.abstract_ar,
            snapshot.kind,
            snapshot.room_name_en,
            snapshot.room_name_ar,
            snapshot.track_name_en,
            snapshot.track_name_ar,
            snapshot.speakers,
            snapshot.session_id,
        ]
    )
    return f"{prefix}:{hashlib.sha256(content.encode()).hexdigest()[:32]}"


def cached_vevents(*, event: Event, language: str, alarm_minutes: int = 0):
    """A `render` for `calendar_feed` that reuses each session's VEVENT bytes.

    A release changes few sessions; the others keep their bytes, so the first
    feed after a release rebuilds only what changed (one cache round trip).
    """
    prefix = f"agenda:vevent:v1:{_event_digest(event)}:{language}:{alarm_minutes}"

    def render(sessions: list[SessionRelease]) -> list[bytes]:
        keys = [_vevent_key(snapshot, prefix=prefix) for snapshot in sessions]
        found = cache.get_many(keys)
        missing = {}
        zone = event.tzinfo
        result = []
        for key, snapshot in zip(keys, sessions, strict=True):
            if key not in found:
                found[key] = missing[key] = vevent_bytes(
                    event, snapshot, alarm_minutes=alarm_minutes, zone=zone
                )
            result.append(found[key])
        if missing:
            cache.set_many(missing, FEED_CACHE_SECONDS)
        return result

    return render


def feed_cache_key(*, event: Event, release_id: int, language: str) -> str:
    return f"agenda:feed:v1:{event.pk}:{release_id}:{language}:{_event_digest(event)}"


def agenda_feed(*, event: Event, language: str) -> tuple[bytes, datetime | None]:
    """The whole released programme as .ics bytes, and when it last changed."""
    release = current_release(event=event)
    key = feed_cache_key(event=event, release_id=release.pk if release else 0, language=language)
    cached = cache.get(key)
    if cached is not None:
        return cached
    sessions = release_sessions(release=release)
    body = calendar_feed(
        event=event,
        sessions=sessions,
        name=_name(event, language),
        language=language,
        render=cached_vevents(event=event, language=language),
    )
    result = (body, last_modified_of(sessions))
    cache.set(key, result, FEED_CACHE_SECONDS)
    return result


def _name(event: Event, language: str, *, personal: bool = False) -> str:
    from django.utils import translation

    with translation.override(language):
        return calendar_name(event, personal=personal)


def personal_feed(
    *, event: Event, sessions: list[SessionRelease], language: str, bilaterals=()
) -> bytes:
    alarm = event.session_reminder_minutes
    return calendar_feed(
        event=event,
        sessions=sessions,
        bilaterals=bilaterals,
        name=_name(event, language, personal=True),
        language=language,
        alarm_minutes=alarm,
        render=cached_vevents(event=event, language=language, alarm_minutes=alarm),
    )


def ics_response(
    request,
    body: bytes,
    *,
    last_modified: datetime | None,
    filename: str,
    private: bool = False,
) -> HttpResponse:
    """The .ics with ETag and Last-Modified; 304 when the client's copy is current.

    A private feed's Cache-Control is the rule of every secret address
    (registrations/registration/secret_addresses.py: `private, no-cache`), not set here.
    """
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = quote_etag(hashlib.sha256(body).hexdigest()[:40])
    timestamp = last_modified.timestamp() if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["X-Robots-Tag"] = "noindex, nofollow"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )
