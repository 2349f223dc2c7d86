import pytest

from events.summit.models import Event
from tests.factories import AccessZoneFactory, CategoryFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_events_list_shows_published_summits_only(api_client):
    published = EventFactory(slug="open-summit")
    EventFactory(slug="secret-draft", is_published=False)

    response = api_client.get("/api/v1/events/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [event["slug"] for event in body["results"]] == [published.slug]


def test_event_detail_gives_both_languages_zones_and_public_categories(api_client):
    event = EventFactory(name={"en": "Unity", "ar": "الاتحاد"})
    zone = AccessZoneFactory(event=event, slug="plenary", is_main_entrance=True)
    public = CategoryFactory(event=event, slug="delegate")
    public.zones.add(zone)
    CategoryFactory(event=event, slug="staff", is_public=False)

    body = api_client.get(f"/api/v1/events/{event.slug}/").json()

    assert body["name"] == {"en": "Unity", "ar": "الاتحاد", "fr": "", "es": ""}
    assert body["name_text"] == "Unity"
    assert body["languages"] == ["en", "ar", "fr", "es"]
    assert body["main_language"] == "en"
    assert body["timezone"] == "Asia/Dubai"
    assert body["zones"][0]["slug"] == "plenary"
    assert [c["slug"] for c in body["categories"]] == ["delegate"]
    assert body["categories"][0]["zones"] == ["plenary"]
    assert body["registration_open"] is True


def test_a_draft_event_is_not_found_by_the_public(api_client):
    EventFactory(slug="draft", is_published=False)

    assert api_client.get("/api/v1/events/draft/").status_code == 404
    assert api_client.get("/api/v1/events/nowhere/").status_code == 404


def test_the_list_is_paginated_the_drf_way(api_client):
    EventFactory.create_batch(3)

    body = api_client.get("/api/v1/events/?page_size=2").json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert b"/api/v1/events/" in schema.content
    assert docs.status_code == 200
    # Swagger UI comes from our own static files, not from a CDN.
    assert b"cdn.jsdelivr" not in docs.content


def test_registration_is_closed_after_its_closing_time(api_client):
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(
        registration_opens_at=event.starts_at.replace(year=2020),
        registration_closes_at=event.starts_at.replace(year=2021),
    )

    body = api_client.get(f"/api/v1/events/{event.slug}/").json()

    assert body["registration_open"] is False
