"""Links that add a session or subscribe a feed in the attendee's calendar."""

from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.urls import reverse

from agenda.calendars.ics import description, location, session_url
from agenda.releases.models import SessionRelease
from events.absolute_urls import absolute_url
from events.summit.models import Event


def webcal_url(url: str) -> str:
    """The same address with the webcal:// scheme, which calendar apps subscribe to."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event: Event, snapshot: SessionRelease) -> str:
    url = session_url(event, snapshot.session_id)
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": str(snapshot.title),
            "dates": f"{_utc_stamp(snapshot.starts_at)}/{_utc_stamp(snapshot.ends_at)}",
            "ctz": event.timezone,
            "details": description(event, snapshot, url),
            "location": location(event, snapshot),
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"


def outlook_calendar_url(
    event: Event, snapshot: SessionRelease, *, host: str = "outlook.office.com"
) -> str:
    """Outlook on the web (Microsoft 365); `host="outlook.live.com"` for Outlook.com."""
    url = session_url(event, snapshot.session_id)
    query = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": str(snapshot.title),
            "startdt": snapshot.starts_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "enddt": snapshot.ends_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "body": description(event, snapshot, url),
            "location": location(event, snapshot),
        }
    )
    return f"https://{host}/calendar/0/deeplink/compose?{query}"


def google_subscribe_url(feed_url: str) -> str:
    return "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal_url(feed_url)})


def outlook_subscribe_url(feed_url: str, *, host: str = "outlook.office.com") -> str:
    """Subscribe in Outlook on the web (Microsoft 365); `host="outlook.live.com"`: Outlook.com."""
    return f"https://{host}/calendar/0/addfromweb?" + urlencode({"url": feed_url})


def calendar_links(event: Event, snapshot: SessionRelease) -> dict:
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
