"""Registrations, delegations, invitations, questions; badges and check-in beside them."""

from registrations.models.badges import Badge
from registrations.models.checkin import (
    CheckInConflict,
    CheckInScan,
    ConflictKind,
    Direction,
    ScanMethod,
    ScanResult,
    ZonePresence,
)
from registrations.models.registration import (
    HOLDS_A_PLACE,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Answer,
    Delegation,
    Honorific,
    Invitation,
    Language,
    Question,
    QuestionOption,
    Registration,
    Status,
    random_code,
)

__all__ = [
    "HOLDS_A_PLACE",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "Answer",
    "Badge",
    "CheckInConflict",
    "CheckInScan",
    "ConflictKind",
    "Delegation",
    "Direction",
    "Honorific",
    "Invitation",
    "Language",
    "Question",
    "QuestionOption",
    "Registration",
    "ScanMethod",
    "ScanResult",
    "Status",
    "ZonePresence",
    "random_code",
]
