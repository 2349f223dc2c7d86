"""Every JSON answer of the registrations API is described field by field in the schema."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from registrations import api_urls


def schema_paths(patterns, prefix="/api/v1/") -> set[str]:
    """The OpenAPI paths of these URL patterns: `events/<slug:slug>/` → `events/{slug}/`."""
    paths = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            paths |= schema_paths(pattern.url_patterns, route)
            continue
        while "<" in route:
            head, rest = route.split("<", 1)
            name, tail = rest.split(">", 1)
            route = f"{head}{{{name.split(':')[-1]}}}{tail}"
        paths.add(route)
    return paths


def free_form(schema: dict, components: dict) -> bool:
    if "$ref" in schema:
        return free_form(components[schema["$ref"].rsplit("/", 1)[1]], components)
    if schema.get("type") == "array":
        return free_form(schema["items"], components)
    if "allOf" in schema:
        return any(free_form(part, components) for part in schema["allOf"])
    if schema.get("type") == "object" and "properties" not in schema:
        # A map whose values are described (a delegation's quotas, `{"delegate": 5}`, keyed
        # by the event's category slugs; answers keyed by question id) is not free-form.
        values = schema.get("additionalProperties")
        if isinstance(values, dict) and ("type" in values or "$ref" in values):
            return free_form(values, components)
        return True
    return any(
        free_form(field, components)
        for field in schema.get("properties", {}).values()
        if isinstance(field, dict)
    )


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_json_answer_of_the_registrations_api_is_described(schema):
    components = schema["components"]["schemas"]
    paths = schema_paths(api_urls.urlpatterns)
    described = []
    for path in sorted(paths):
        for method, operation in schema["paths"][path].items():
            for code, response in operation["responses"].items():
                body = response.get("content", {}).get("application/json")
                if not code.startswith("2") or body is None:
                    continue
                assert not free_form(body["schema"], components), (method, path, code)
                described.append(operation["operationId"])

    assert "v1_events_checkins_create" in described
    assert "v1_events_badge_key_retrieve" in described
    assert "v1_events_stats_retrieve" in described
    assert "v1_events_mailings_create" in described
    assert "v1_events_mailings_retrieve" in described
    assert "v1_events_delegations_retrieve" in described
    assert "v1_events_questions_retrieve" in described
    assert "v1_events_registrations_import_create" in described
    assert len(paths) == 40
