"""Refusals a registrant or officer must read. Views map them to 400 or 409."""


class RegistrationError(Exception):
    """A refusal. `field` names the input at fault, or is None for the whole request.

    `conflict` refusals (closed, full, duplicate, forbidden transition) are answered
    with 409 by the API; the others are field errors (400).
    """

    conflict = False

    def __init__(self, message, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class RegistrationClosed(RegistrationError):
    conflict = True


class RegistrationFull(RegistrationError):
    conflict = True


class DuplicateRegistration(RegistrationError):
    conflict = True


class TransitionNotAllowed(RegistrationError):
    conflict = True
