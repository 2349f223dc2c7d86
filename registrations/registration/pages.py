"""Sections that other features add to the registrant's page (`/me/<token>/`) and to
the head of delegation's page (`/d/<token>/`).

Badges (this app) and the personal agenda and bilateral meetings (the agenda app,
which sits above this one) register a section from their AppConfig.ready(); the
page renders them in `order`; a `danger` section (one that cannot be undone, like
deleting one's data) goes to the danger zone at the foot of the page, below the
everyday forms. This keeps the dependency one-way: registrations
never imports agenda.
"""

from collections.abc import Callable
from dataclasses import dataclass

from registrations.delegations.models import Delegation
from registrations.registration.models import Registration


@dataclass(frozen=True)
class PageSection:
    template: str
    context: Callable[[Registration, object], dict]
    order: int = 50
    danger: bool = False


_sections: list[PageSection] = []
_delegation_sections: list[PageSection] = []


def _add(sections: list[PageSection], section: PageSection) -> None:
    if section not in sections:
        sections.append(section)
        sections.sort(key=lambda item: item.order)


def registrant_page_section(
    *, template: str, context: Callable, order: int = 50, danger: bool = False
) -> None:
    """Add a section: `context(registration, request)` returns the template's `section`."""
    _add(_sections, PageSection(template=template, context=context, order=order, danger=danger))


def delegation_page_section(*, template: str, context: Callable, order: int = 50) -> None:
    """Add a section to the delegation's page: `context(delegation, request)`."""
    _add(_delegation_sections, PageSection(template=template, context=context, order=order))


def sections_for(registration: Registration, request) -> list[dict]:
    return [
        {
            "template": section.template,
            "context": section.context(registration, request),
            "danger": section.danger,
        }
        for section in _sections
    ]


def delegation_sections_for(delegation: Delegation, request) -> list[dict]:
    return [
        {"template": section.template, "context": section.context(delegation, request)}
        for section in _delegation_sections
    ]
