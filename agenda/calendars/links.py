"""Links that add a session or subscribe a feed in the attendee's calendar."""

from django.urls import reverse

from agenda.calendars.ics import (
    absolute_url,
    google_calendar_url,
    google_subscribe_url,
    outlook_calendar_url,
    outlook_subscribe_url,
    webcal_url,
)
from events.summit.models import Event


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
