"""A summit in French first (and English), for the tests of languages: fixture and body.

`from tests.registrations.registration.french_summit import body, event` — the
fixture is imported where it is used, as tests/events/test_worker.py's is.
"""

import pytest

from tests.factories import CategoryFactory, EventFactory


@pytest.fixture
def event():
    """ "unity", in English and French, French its main language; one category, delegate."""
    event = EventFactory(
        slug="unity",
        languages=["en", "fr"],
        main_language="fr",
        name={"en": "Unity Summit", "fr": "Sommet de l'unité"},
    )
    CategoryFactory(event=event, slug="delegate", name={"en": "Delegate", "fr": "Délégué"})
    return event


def body(**overrides):
    """Jeanne Martin's registration, as the API takes it."""
    return {
        "first_name": "Jeanne",
        "last_name": "Martin",
        "email": "jeanne@example.org",
        "organization": "Ministère de l'Intérieur",
        "job_title": "Directrice",
        "country": "FR",
        "category": "delegate",
        "consent": True,
        **overrides,
    }
