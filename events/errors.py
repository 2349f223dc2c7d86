"""The one refusal type: what a person reads when a step is refused, and how to answer it.

Services raise a `DomainError` (or a subclass named for the rule) with a message
in the reader's language, the input `field` at fault (None for the whole request),
a machine-readable `code` and the HTTP `status` an API answers with. Pages show
the message beside the field; the API's exception handler
(`events.api_errors.api_exception_handler`) turns it into a response, so no API
view catches a refusal by hand.
"""

from http import HTTPStatus

from django.utils.translation import gettext


class DomainError(Exception):
    """A refusal: 400 by default, names the field at fault when there is one."""

    status: int = HTTPStatus.BAD_REQUEST

    def __init__(self, message, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    @property
    def conflict(self) -> bool:
        return self.status == HTTPStatus.CONFLICT

    def api_body(self) -> dict:
        """`{field: [message]}` for bad input (like a serializer's errors), else
        `{"detail": message, "code": code}`."""
        if self.status == HTTPStatus.BAD_REQUEST:
            return {self.field or "non_field_errors": [str(self.message)]}
        return {"detail": str(self.message), "code": self.code}


class ConflictError(DomainError):
    """The request is fine but the current state refuses it (closed, full, already done)."""

    status = HTTPStatus.CONFLICT


class ForbiddenError(DomainError):
    """This caller may not do this, although signed in with the right role."""

    status = HTTPStatus.FORBIDDEN


class NotFoundError(DomainError):
    """Not there, or not the caller's to see: the API answers exactly as for an unknown
    address (404 `{"detail": "Not found."}`, DRF's words), so it tells nothing more."""

    status = HTTPStatus.NOT_FOUND

    def api_body(self) -> dict:
        return {"detail": gettext("Not found.")}
