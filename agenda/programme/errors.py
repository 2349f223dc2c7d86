"""Refusals a programme manager or registrant reads. Views map them to 400, 403 or 409."""


class AgendaError(Exception):
    """A refusal. `field` names the input at fault, or is None for the whole request.

    `status` is the HTTP status the API answers with: 400 for bad input, 409 for a
    conflict with the current state (full, nothing to release), 403 when the
    registrant may not do this.
    """

    status = 400

    def __init__(self, message, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class AgendaConflict(AgendaError):
    status = 409


class AgendaForbidden(AgendaError):
    status = 403
