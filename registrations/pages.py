"""Sections that other features add to the registrant's page (`/me/<token>/`).

Badges (this app) and the personal agenda (the agenda app, which sits above
this one) register a section from their AppConfig.ready(); the page renders
them in `order`. This keeps the dependency one-way: registrations never
imports agenda.
"""

from collections.abc import Callable
from dataclasses import dataclass

from registrations.models import Registration


@dataclass(frozen=True)
class PageSection:
    template: str
    context: Callable[[Registration, object], dict]
    order: int = 50


_sections: list[PageSection] = []


def registrant_page_section(*, template: str, context: Callable, order: int = 50) -> None:
    """Add a section: `context(registration, request)` returns the template's `section`."""
    section = PageSection(template=template, context=context, order=order)
    if section not in _sections:
        _sections.append(section)
        _sections.sort(key=lambda item: item.order)


def sections_for(registration: Registration, request) -> list[dict]:
    return [
        {"template": section.template, "context": section.context(registration, request)}
        for section in _sections
    ]
