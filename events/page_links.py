"""Links to pages of the apps built on top of events, which events must not import.

An app registers its pages from its AppConfig.ready(): organizer pages appear on
the organizer home for the roles that may open them, public pages as buttons on
the summit's page.
"""

from dataclasses import dataclass

from django.urls import reverse

from events.teams.selectors import roles_that_may


@dataclass(frozen=True)
class OrganizerLink:
    label: str  # a lazy translation
    url_name: str  # takes the event slug as `slug`
    role: str | None  # None: every member of the event's team
    order: int = 50


_links: list[OrganizerLink] = []


def organizer_link(*, label, url_name: str, role: str | None, order: int = 50) -> None:
    link = OrganizerLink(label=label, url_name=url_name, role=role, order=order)
    if link not in _links:
        _links.append(link)
        _links.sort(key=lambda item: item.order)


def links_for(*, event, roles: set[str]) -> list[tuple[str, str]]:
    """(label, url) of the pages these roles may open on this event."""
    return [
        (link.label, reverse(link.url_name, kwargs={"slug": event.slug}))
        for link in _links
        if roles and (link.role is None or roles & roles_that_may(link.role))
    ]


@dataclass(frozen=True)
class PublicLink:
    label: str
    url_name: str  # takes the event slug as `slug`
    order: int = 50
    only_while_registration_open: bool = False


_public_links: list[PublicLink] = []


def public_link(*, label, url_name: str, order: int = 50, only_while_registration_open=False):
    link = PublicLink(label, url_name, order, only_while_registration_open)
    if link not in _public_links:
        _public_links.append(link)
        _public_links.sort(key=lambda item: item.order)


def public_links_for(*, event) -> list[tuple[str, str]]:
    registration_open = event.is_registration_open()
    return [
        (link.label, reverse(link.url_name, kwargs={"slug": event.slug}))
        for link in _public_links
        if registration_open or not link.only_while_registration_open
    ]
