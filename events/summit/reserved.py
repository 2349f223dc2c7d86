"""Slugs no summit may take: the first path segments of the organizer area's own pages.

An event's console lives at `/manage/<slug>/`; a summit named `events` or `login` would
be shadowed by the page at `/manage/events/…` or `/manage/login/` (or shadow it). Every
literal first segment under /manage/ is listed here, with those the console is growing
(`invitations/` for team invitations, `delegations/` for focal points' portals);
tests/events/summit/test_event_create.py walks the URL configuration so that a new one
cannot be forgotten.
"""

RESERVED_EVENT_SLUGS = frozenset(
    {
        "delegations",
        "events",
        "invitations",
        "login",
        "logout",
        "two-factor",
    }
)


def is_reserved_event_slug(slug: str) -> bool:
    return slug.lower() in RESERVED_EVENT_SLUGS
