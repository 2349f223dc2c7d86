"""Refusals a registrant or officer must read: 400 names the field, 409 a conflict."""

from events.errors import ConflictError, DomainError


class RegistrationError(DomainError):
    """A refusal of a registration step; `field` names the input at fault, or is None."""


class RegistrationClosed(RegistrationError, ConflictError):
    pass


class RegistrationFull(RegistrationError, ConflictError):
    pass


class DuplicateRegistration(RegistrationError, ConflictError):
    pass


class TransitionNotAllowed(RegistrationError, ConflictError):
    pass
