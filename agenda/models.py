"""Every model of the agenda app, imported in one place for Django.

Django loads an app's models from `<app>.models`; the classes live in the
subpackage of their subdomain (`agenda/<subdomain>/models.py`) and keep the app
label `agenda`, so the tables and migrations are unchanged. Code imports a model
from its subpackage; this module is for Django.
"""

from agenda.bilaterals.models import (
    BILATERAL_MAX_SLOTS,
    BILATERAL_OPEN,
    BilateralMeeting,
    BilateralSlot,
    BilateralStatus,
)
from agenda.personal.models import PersonalAgendaChange, PersonalAgendaItem
from agenda.programme.models import (
    Room,
    Session,
    SessionInvitation,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    SpeakerProfile,
    SpeakerRole,
    Track,
    Visibility,
)
from agenda.releases.models import ScheduleRelease, SessionRelease

__all__ = [
    "BILATERAL_MAX_SLOTS",
    "BILATERAL_OPEN",
    "BilateralMeeting",
    "BilateralSlot",
    "BilateralStatus",
    "PersonalAgendaChange",
    "PersonalAgendaItem",
    "Room",
    "ScheduleRelease",
    "Session",
    "SessionInvitation",
    "SessionKind",
    "SessionRelease",
    "SessionSpeaker",
    "SessionStatus",
    "SpeakerProfile",
    "SpeakerRole",
    "Track",
    "Visibility",
]
