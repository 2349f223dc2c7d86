"""Calendar feed responses: build once, answer conditional GETs with 304.

A whole-agenda feed is a pure function of the current release's content, the
event's shown fields, the language and SITE_URL, so its file is cached under a
key naming all of them: the release's `content_digest` (computed from its
snapshots when the release is made), the language, and a digest of the event's
shown fields and SITE_URL. A new release or an edited event makes a new key,
never a stale feed. The `agenda.build_feeds` task builds both languages right
after each release, so calendar apps find the feed ready. A personal feed is
its registrant's alone and small: it is built for each request.
"""

import hashlib
import json
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from agenda.calendars.exporters import PersonalAgendaExporter, ProgrammeExporter
from agenda.releases.models import ScheduleRelease, SessionRelease
from agenda.releases.selectors import current_release, release_sessions
from events.calendar_export import CalendarFile
from events.summit.models import Event
from events.translated.text import active_language, language_codes

FEED_CACHE_SECONDS = 24 * 3600


def feed_language(request, *, preferred: str = "") -> str:
    """`?lang=fr` (any language Summit offers) wins, since calendar apps send no
    Accept-Language; else `preferred` (the language a registrant registered in, for their
    personal feed); else the page's."""
    chosen = request.GET.get("lang", "")
    if chosen in language_codes():
        return chosen
    language = preferred or active_language()
    return language if language in language_codes() else "en"


def last_modified_of(sessions: list[SessionRelease]) -> datetime | None:
    return max((snapshot.last_modified_at for snapshot in sessions), default=None)


def _event_digest(event: Event) -> str:
    """Everything of the event that a feed shows, and where its links point."""
    shown = [
        settings.SITE_URL,
        event.slug,
        json.dumps(event.name.as_dict(), sort_keys=True),
        json.dumps(event.venue_name.as_dict(), sort_keys=True),
        event.main_language,
        event.timezone,
        # Instants, not their text: the same time reads back from the database in UTC.
        str(event.starts_at.timestamp()),
        str(event.ends_at.timestamp()),
    ]
    return hashlib.sha256("\x1f".join(shown).encode()).hexdigest()[:16]


def feed_cache_key(*, event: Event, release: ScheduleRelease | None, language: str) -> str:
    programme = release.content_digest if release else "none"
    return f"agenda:feed:v2:{event.pk}:{programme}:{language}:{_event_digest(event)}"


def agenda_feed(*, event: Event, language: str) -> tuple[CalendarFile, datetime | None]:
    """The whole released programme as an .ics file, and when it last changed."""
    release = current_release(event=event)
    key = feed_cache_key(event=event, release=release, language=language)
    cached = cache.get(key)
    if cached is not None:
        return cached
    sessions = release_sessions(release=release)
    exporter = ProgrammeExporter(event, sessions=sessions, language=language)
    result = (exporter.render(), last_modified_of(sessions))
    cache.set(key, result, FEED_CACHE_SECONDS)
    return result


def personal_feed(
    *, event: Event, sessions: list[SessionRelease], language: str, bilaterals=()
) -> CalendarFile:
    """A registrant's sessions and bilateral meetings, with their alarms."""
    exporter = PersonalAgendaExporter(
        event, sessions=sessions, bilaterals=bilaterals, language=language
    )
    return exporter.render()


def ics_response(
    request,
    file: CalendarFile,
    *,
    last_modified: datetime | None,
    private: bool = False,
) -> HttpResponse:
    """The .ics with ETag and Last-Modified; 304 when the client's copy is current.

    A private feed's Cache-Control is the rule of every secret address
    (registrations/registration/secret_addresses.py: `private, no-cache`), not set here.
    """
    response = HttpResponse(file.content, content_type=file.content_type)
    response["ETag"] = quote_etag(hashlib.sha256(file.content).hexdigest()[:40])
    timestamp = last_modified.timestamp() if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Content-Disposition"] = f'inline; filename="{file.filename}"'
    if private:
        response["X-Robots-Tag"] = "noindex, nofollow"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )
