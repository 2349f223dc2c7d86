"""Refusals a programme manager or registrant reads: 400 bad input, 409 the current
state refuses it (full, nothing to release), 403 this registrant may not."""

from events.errors import ConflictError, DomainError, ForbiddenError


class AgendaError(DomainError):
    """A refusal of an agenda step; `field` names the input at fault, or is None."""


class AgendaConflict(AgendaError, ConflictError):
    pass


class AgendaForbidden(AgendaError, ForbiddenError):
    pass
