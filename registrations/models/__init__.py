"""Every model of the registrations app, imported in one place for Django.

Django loads an app's models from `<app>.models`; the classes live in the
subpackage of their subdomain (`registrations/<subdomain>/models.py`) and keep
the app label `registrations`, so the tables and migrations are unchanged.
Code imports a model from its subpackage; this module is for Django (and for
references by dotted path that predate the subpackages).
"""

from registrations.badges.models import Badge, BadgeSigningKey
from registrations.checkin.models import (
    CheckInConflict,
    CheckInScan,
    ConflictKind,
    Direction,
    ScanMethod,
    ScanResult,
    ZonePresence,
)
from registrations.delegations.models import Delegation, DelegationQuota
from registrations.imports.models import RegistrationImport
from registrations.mailings.models import Mailing, MailingRecipient
from registrations.registration.models import (
    HOLDS_A_PLACE,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Answer,
    Honorific,
    Invitation,
    Question,
    QuestionOption,
    Registration,
    Status,
    VettingState,
    random_code,
)
from registrations.vehicles.models import (
    PLATE_MAX_LENGTH,
    PLATE_NORMALISED_MAX_LENGTH,
    VehicleGateEntry,
    VehiclePass,
    VehiclePassStatus,
)
from registrations.vetting.models import VettingBatch

__all__ = [
    "HOLDS_A_PLACE",
    "PLATE_MAX_LENGTH",
    "PLATE_NORMALISED_MAX_LENGTH",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "Answer",
    "Badge",
    "BadgeSigningKey",
    "CheckInConflict",
    "CheckInScan",
    "ConflictKind",
    "Delegation",
    "DelegationQuota",
    "Direction",
    "Honorific",
    "Invitation",
    "Mailing",
    "MailingRecipient",
    "Question",
    "QuestionOption",
    "Registration",
    "RegistrationImport",
    "ScanMethod",
    "ScanResult",
    "Status",
    "VehicleGateEntry",
    "VehiclePass",
    "VehiclePassStatus",
    "VettingBatch",
    "VettingState",
    "ZonePresence",
    "random_code",
]
