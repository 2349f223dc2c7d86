"""One date format per kind and language, country lists in the reader's order, zone labels."""

import io
import re
from datetime import UTC, datetime

import pytest
from django.utils import translation
from pypdf import PdfReader

from events.summit.time_zones import time_zone_label
from notifications.rendering import email_render
from registrations.protocol import seating
from tests.factories import CategoryFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# Friday 15 January 2027, 09:30 in Abu Dhabi.
OPENING = datetime(2027, 1, 15, 5, 30, tzinfo=UTC)

LONG = {
    "en": "Friday 15 January 2027, 09:30",
    "ar": "الجمعة 15 يناير 2027، 09:30",
    "fr": "vendredi 15 janvier 2027 à 09:30",
    "es": "viernes 15 de enero de 2027, 09:30",
}
SHORT = {
    "en": "15 Jan 2027, 09:30",
    "ar": "15 يناير 2027، 09:30",
    "fr": "15/01/2027 09:30",
    "es": "15/01/2027 09:30",
}
CITY = {"en": "Dubai", "ar": "دبي", "fr": "Dubaï", "es": "Dubái"}
PRINTED = {"en": "Printed", "fr": "Imprimé le", "es": "Impreso el"}


@pytest.fixture
def event():
    event = EventFactory(
        slug="unity",
        name={"en": "Unity", "ar": "الاتحاد"},
        starts_at=OPENING,
        ends_at=datetime(2027, 1, 17, 14, 0, tzinfo=UTC),
        registration_opens_at=datetime(2026, 1, 1, tzinfo=UTC),
        registration_closes_at=datetime(2027, 1, 14, tzinfo=UTC),
    )
    CategoryFactory(event=event, slug="delegate", name={"en": "Delegate"})
    return event


@pytest.mark.parametrize("language", list(LONG))
def test_the_opening_reads_the_same_way_on_the_page_and_in_the_email(client, event, language):
    registration = RegistrationFactory(event=event, language=language)

    page = client.get("/e/unity/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    email = email_render(
        template_prefix="registrations/email/summit_reminder",
        context={"registration": registration, "event": event, "page_url": "https://x/"},
        language=language,
    )

    assert LONG[language] in page
    assert LONG[language] in email.body_text
    assert LONG[language] in email.body_html
    # In Arabic the offset is isolated left to right (U+2066 … U+2069).
    offset = "\u2066UTC+04:00\u2069" if language == "ar" else "UTC+04:00"
    assert f"{CITY[language]} ({offset})" in page
    assert f"{CITY[language]} ({offset})" in email.body_text


@pytest.mark.parametrize("language", list(SHORT))
def test_the_seating_list_is_stamped_in_the_readers_format(event, language, monkeypatch):
    monkeypatch.setattr(seating.timezone, "now", lambda: OPENING)

    with translation.override(language):
        document = seating.seating_pdf([], event=event)

    text = PdfReader(io.BytesIO(document)).pages[0].extract_text()
    printed = next(line for line in text.splitlines() if "2027" in line)
    if language == "ar":
        # The PDF lays Arabic out right to left, so its text comes back in visual order:
        # check the parts (month name, Arabic comma, 24-hour time, the city) one by one.
        for part in ("طُبعت", "15", "يناير", "2027", "،", "09:30", "دبي", "UTC+04:00"):
            assert part in printed
        assert "ص" not in printed
        assert "Printed" not in printed
    else:
        assert f"{PRINTED[language]} {SHORT[language]} ({CITY[language]} (UTC+04:00))" in printed


def test_the_arabic_country_list_is_in_arabic_alphabetical_order(client, event):
    page = client.get("/e/unity/register/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    names = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', page)

    # In English order Egypt, France, Germany; in Arabic ألمانيا، فرنسا، مصر.
    assert names.index("ألمانيا") < names.index("فرنسا") < names.index("مصر")


def test_the_french_country_list_sorts_accented_names_among_the_others(client, event):
    page = client.get("/e/unity/register/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    names = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', page)

    assert names.index("Égypte") < names.index("Émirats arabes unis") < names.index("Équateur")
    assert names.index("Danemark") < names.index("Égypte") < names.index("Espagne")


@pytest.mark.parametrize(
    ("key", "moment", "language", "expected"),
    [
        ("Asia/Dubai", OPENING, "ar", "دبي (\u2066UTC+04:00\u2069)"),
        ("Europe/Paris", datetime(2027, 7, 1, tzinfo=UTC), "fr", "Paris (UTC+02:00)"),
        ("Europe/Paris", OPENING, "fr", "Paris (UTC+01:00)"),
        ("America/New_York", OPENING, "es", "Nueva York (UTC-05:00)"),
        ("Asia/Kolkata", OPENING, "en", "Kolkata (UTC+05:30)"),
        ("Asia/Dubai", OPENING, "xx", "Dubai (UTC+04:00)"),
    ],
)
def test_the_time_zone_is_named_by_its_city_in_the_readers_language(
    key, moment, language, expected
):
    assert time_zone_label(key, at=moment, language=language) == expected


def test_the_active_language_names_the_zone_when_none_is_given(event):
    with translation.override("es"):
        label = event.timezone_label

    assert label == "Dubái (UTC+04:00)"
