"""Calendar feeds: the whole agenda, one session, a registrant's personal feed."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from agenda.bilaterals.selectors import personal_bilaterals
from agenda.calendars.exporters import SessionExporter
from agenda.calendars.feeds import agenda_feed, feed_language, ics_response, personal_feed
from agenda.personal.selectors import personal_agenda_changed_at, personal_feed_sessions
from agenda.personal.views import registration_or_404
from agenda.programme.views import published_event
from agenda.releases.selectors import released_session, schedule_get
from registrations.registration.selectors import registration_by_feed_secret


@require_GET
def agenda_ics(request, slug: str):
    event = published_event(slug)
    file, last_modified = agenda_feed(event=event, language=feed_language(request))
    if last_modified is not None:
        # An edit of the event (its name, venue) changes the feed between releases.
        last_modified = max(last_modified, event.updated_at.replace(microsecond=0))
    return ics_response(request, file, last_modified=last_modified)


@require_GET
def session_ics(request, slug: str, session_id: int):
    event = published_event(slug)
    snapshot = released_session(event=event, session_id=session_id)
    if snapshot is None:
        raise Http404
    exporter = SessionExporter(event, session=snapshot, language=feed_language(request))
    return ics_response(request, exporter.render(), last_modified=snapshot.last_modified_at)


@require_GET
def personal_ics(request, token: str):
    """The feed's first address, under the page token: subscriptions made before the
    feed had its own secret follow this permanent redirect to it."""
    registration = registration_or_404(token)
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
    file = personal_feed(
        event=event,
        sessions=sessions,
        language=feed_language(request, preferred=registration.language),
        bilaterals=meetings,
    )
    stamps = [s.last_modified_at for s in sessions] + [m.changed_at for m in meetings]
    changed = personal_agenda_changed_at(registration=registration)
    return ics_response(
        request,
        file,
        last_modified=max([*stamps, *([changed] if changed else [])], default=None),
        private=True,
    )
