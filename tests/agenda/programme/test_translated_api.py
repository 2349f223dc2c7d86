"""Translated fields in the API: objects keyed by language on write and read, plus the
string in the language the client asks for (Accept-Language)."""

from datetime import timedelta

import pytest

from events.teams.models import Role
from events.tokens.services import api_token_issue
from tests.agenda.factories import RoomFactory

pytestmark = pytest.mark.django_db

TITLE = {
    "en": "Drug trade routes",
    "ar": "طرق تجارة المخدرات",
    "fr": "Les routes du trafic de drogue",
    "es": "Las rutas del narcotráfico",
}


def bearer(event, role):
    _token, raw = api_token_issue(event=event, role=role)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def create(api_client, event, **fields):
    RoomFactory(event=event, slug="hall-a")
    starts = event.starts_at + timedelta(hours=5)
    body = {
        "title": TITLE,
        "kind": "panel",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "room": "hall-a",
        **fields,
    }
    return api_client.post(
        "/api/v1/events/unity/draft/sessions/", body, format="json", **bearer(event, Role.PROGRAMME)
    )


def test_a_title_written_in_four_languages_reads_back_in_four(api_client, event, release):
    response = create(api_client, event, abstract={"fr": "Un résumé."})

    assert response.status_code == 201, response.json()
    assert response.json()["title"] == TITLE
    assert response.json()["abstract"] == {"en": "", "ar": "", "fr": "Un résumé.", "es": ""}
    release(event)
    public = api_client.get("/api/v1/events/unity/sessions/").json()["results"][0]
    assert public["title"] == TITLE


def test_the_string_in_the_language_asked_for(api_client, event, release):
    create(api_client, event)
    release(event)

    french = api_client.get("/api/v1/events/unity/sessions/", HTTP_ACCEPT_LANGUAGE="fr")
    spanish = api_client.get(f"/api/v1/events/{event.slug}/", HTTP_ACCEPT_LANGUAGE="es")

    assert french.json()["results"][0]["title_text"] == "Les routes du trafic de drogue"
    # The event has no Spanish name: its main language's.
    assert spanish.json()["name_text"] == "Unity Summit"


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ({"en": "Routes", "de": "Routen", "it": "Rotte"}, "Unknown language: de, it."),
        ({"en": "Routes", "fr": 7}, "French: enter text."),
        ({"en": "x" * 251}, "English: at most 250 characters (it has 251)."),
        ("Routes", "Enter an object keyed by language."),
    ],
)
def test_a_bad_translated_value_is_refused_naming_it(api_client, event, title, message):
    response = create(api_client, event, title=title)

    assert response.status_code == 400
    assert response.json()["title"] == [message]


def test_the_main_language_is_required(api_client, event):
    response = create(api_client, event, title={"fr": "Les routes"})

    assert response.status_code == 400
    assert "English" in str(response.json())


def test_the_schema_documents_an_object_of_four_optional_strings(api_client):
    schema = api_client.get("/api/schema/?format=json").json()

    session = schema["components"]["schemas"]["ReleasedSession"]["properties"]
    assert session["title"]["type"] == "object"
    assert set(session["title"]["properties"]) == {"en", "ar", "fr", "es"}
    assert "required" not in session["title"]
    assert session["title_text"]["type"] == "string"
