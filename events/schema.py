"""Tells drf-spectacular how our bearer tokens appear in the OpenAPI schema, which
errors every operation answers, and whose docstrings describe an operation."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.plumbing import get_lib_doc_excludes

from events.api_fields import ExactlyOneOf
from events.api_views import EventAPIView


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "events.tokens.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An event- and role-scoped token from `manage.py issue_token`.",
        }


class ExactlyOneOfScheme(OpenApiSerializerExtension):
    """A request body that names exactly one of two fields (`events.api_fields.ExactlyOneOf`)
    says so: `oneOf` each alone, so a client (or a fuzzer) knows both or neither is refused."""

    target_class = "events.api_fields.ExactlyOneOf"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        if direction == "request":
            schema["oneOf"] = [{"required": [name]} for name in self.target.exactly_one_of]
        return schema


def require_exactly_one_of_bodies(result, generator, request, public):
    """A body that must name one of two fields (`oneOf` of `required`) must be sent: with no
    top-level `required`, drf-spectacular would call it optional, and an empty request is
    refused (found by schemathesis: `POST …/checkins/` without a body)."""
    components = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            for media in (body or {}).get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                if "oneOf" in components.get(ref.rsplit("/", 1)[-1], {}):
                    body["required"] = True
    return result


def lib_doc_excludes() -> list[type]:
    """drf-spectacular's own list, plus our API base view and body mixin: a view or
    serializer without a docstring of its own is described by its nearest base outside
    this list, and these bases' docstrings are written for developers, not API clients."""
    return [*get_lib_doc_excludes(), EventAPIView, ExactlyOneOf]


ERROR_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# `{field: [messages]}` or `{"detail": …}`; field names vary per operation.
FIELD_ERRORS = {"type": "object", "additionalProperties": True}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_error_responses(result, generator, request, public):
    """Every operation lists the errors the framework answers with, not just its successes.

    Found by schemathesis: clients and fuzzers saw 400/401/403/404/413/415 that
    no operation documented. Explicit responses from `@extend_schema` win.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            security = operation.get("security")
            wanted = {}
            has_body = "requestBody" in operation
            if has_body or any(p.get("in") == "query" for p in operation.get("parameters", [])):
                wanted["400"] = _json("Invalid input, per field.", FIELD_ERRORS)
            if security != []:  # token authentication runs: a bad or revoked token is refused
                wanted["401"] = _json("Missing, unknown or revoked token.", ERROR_DETAIL)
            if security and {} not in security:
                wanted["403"] = _json(
                    "The token's role or event does not allow this.", ERROR_DETAIL
                )
            # A path naming nothing, or a `page` past the last one (DRF pagination).
            if any(
                p.get("in") == "path" or (p.get("in"), p.get("name")) == ("query", "page")
                for p in operation.get("parameters", [])
            ):
                wanted["404"] = _json("Not found.", ERROR_DETAIL)
            if has_body:
                wanted["413"] = _json("The request body is too large.", ERROR_DETAIL)
                wanted["415"] = _json("Send the body as application/json.", ERROR_DETAIL)
            for code, response in wanted.items():
                responses.setdefault(code, response)
            operation["responses"] = dict(sorted(responses.items()))
    return result
