"""Badges print their labels in the event's badge languages; names in both scripts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.audit.services import Actor
from registrations.badges.render import batch_badges_pdf, registration_badge_pdf
from registrations.badges.services import badge_issue, badges_batch
from registrations.registration.models import Status
from tests.factories import DelegationFactory, RegistrationFactory
from tests.registrations.checkin_fixtures import make_summit
from tests.registrations.printing.four_languages import four_language_event
from tests.registrations.printing.pdf_reading import pdf_text

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system()


def badge_text(event, category, delegation, **fields) -> str:
    registration = RegistrationFactory(
        event=event,
        category=category,
        delegation=delegation,
        status=Status.APPROVED,
        title="he",
        gender="female",
        first_name="Amina",
        last_name="Haddad",
        name_ar="أمينة حداد",
        country="AE",
        **fields,
    )
    badge = badge_issue(registration=registration, actor=SYSTEM)
    return pdf_text(registration_badge_pdf(registration, badge))


def test_a_french_and_spanish_badge_prints_its_labels_in_french_and_spanish():
    text = badge_text(*four_language_event(badge_languages=["fr", "es"]))

    for printed in (
        "Chef de délégation",
        "Jefe de delegación",
        "Salle plénière",
        "Sala plenaria",
        "Sommet de l'unité",
        "Cumbre de la Unidad",
        "Jordanie",
        "Jordania",
        "ZONES",  # French
        "ZONAS",
        "Émirats arabes unis",  # the country in the first Latin-script badge language
        "S.E. Mme Amina Haddad",  # the honorific too
        "حداد",  # the Arabic-script name as always
    ):
        assert printed in text
    for english in (
        "Head of delegation",
        "Plenary hall",
        "Unity Summit",
        "Jordan ",
        "United Arab Emirates",
        "H.E.",
    ):
        assert english not in text
    # Neither is the Arabic of the labels: Arabic is not one of this badge's languages.
    assert "رئيس الوفد" not in text
    assert "القاعة العامة" not in text


def test_an_arabic_first_badge_prints_arabic_then_the_second_language():
    text = badge_text(*four_language_event(badge_languages=["ar", "es"]))

    for printed in ("رئيس الوفد", "Jefe de delegación", "القاعة العامة", "Sala plenaria"):
        assert printed in text
    assert "Head of delegation" not in text
    # The country and the honorific follow the first Latin-script language: Spanish.
    assert "Emiratos Árabes Unidos" in text
    assert "Excma. Sra. Amina Haddad" in text


def test_badges_of_an_event_that_chose_nothing_print_english_and_arabic_as_before():
    summit = make_summit()
    assert summit.event.badge_language_codes == ["en", "ar"]
    delegation = DelegationFactory(
        event=summit.event, name={"en": "Jordan", "ar": "الأردن", "fr": "Jordanie"}
    )

    text = badge_text(summit.event, summit.delegate, delegation)

    for printed in (
        "Delegate",
        "مندوب",
        "Plenary hall",
        "القاعة العامة",
        "Unity Summit",
        "قمة الاتحاد",
        "ZONES",
        "المناطق",
        "Jordan",
        "الأردن",
        "United Arab Emirates",
        "H.E. Amina Haddad",
        "حداد",
    ):
        assert printed in text
    assert "Jordanie" not in text


def test_a_label_missing_in_a_badge_language_falls_back_once_and_is_not_repeated():
    event, category, delegation = four_language_event(badge_languages=["fr", "es"])
    category.name = {"en": "Head of delegation"}
    category.save()

    text = badge_text(event, category, delegation)

    # The first line falls back to the main language; the second line has no Spanish.
    assert text.count("Head of delegation") == 1


def queries_to_print(*, slug: str, badges: int) -> int:
    event, category, delegation = four_language_event(slug=slug, badge_languages=["fr", "es"])
    for _number in range(badges):
        RegistrationFactory(
            event=event, category=category, delegation=delegation, status=Status.APPROVED
        )
    pairs = badges_batch(event=event, actor=SYSTEM)
    assert len(pairs) == badges
    with CaptureQueriesContext(connection) as queries:
        pdf = batch_badges_pdf(pairs, event=event)
    assert pdf_text(pdf).count("Chef de délégation") == badges
    # Signing reads the current key once per code, by design (registrations/badges/keys.py):
    # never a key a rotation has just revoked. Everything else is read once per batch.
    return sum("badgesigningkey" not in query["sql"] for query in queries.captured_queries)


def test_a_batch_draws_its_labels_without_a_query_per_badge():
    assert queries_to_print(slug="two", badges=2) == queries_to_print(slug="seven", badges=7)
