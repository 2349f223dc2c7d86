"""Every model of the events app, imported in one place for Django.

Django loads an app's models from `<app>.models`; the classes live in the
subpackage of their subdomain (`events/<subdomain>/models.py`) and keep the app
label `events`, so the tables and migrations are unchanged. Code imports a model
from its subpackage; this module is for Django, and for the landed migration
0001, which names `events.models.validate_timezone` (migrations are never edited).
"""

from events.audit.models import AuditEntry
from events.jobs.models import Job, JobStatus
from events.summit.models import (
    AccessZone,
    BadgeFormat,
    Event,
    EventQuerySet,
    ProtocolRank,
    RegistrationCategory,
    TimeStamped,
    colour_validator,
    validate_timezone,
)
from events.teams.models import InvitationStatus, Role, TeamInvitation, TeamMembership
from events.tokens.models import ApiToken

__all__ = [
    "AccessZone",
    "ApiToken",
    "AuditEntry",
    "BadgeFormat",
    "Event",
    "EventQuerySet",
    "InvitationStatus",
    "Job",
    "JobStatus",
    "ProtocolRank",
    "RegistrationCategory",
    "Role",
    "TeamInvitation",
    "TeamMembership",
    "TimeStamped",
    "colour_validator",
    "validate_timezone",
]
