"""Each printed document in its language: the vehicle pass, a credential read at the gate,
in the event's badge languages; the seating list, the officer's, in the officer's."""

import re

import pytest

from events.audit.services import Actor
from events.summit.models import ProtocolRank
from events.teams.models import Role
from registrations.registration.models import Status
from registrations.vehicles.render import vehicle_pass_pdf
from registrations.vehicles.services import VehicleInput, vehicle_approve, vehicle_register
from tests.factories import RegistrationFactory, UserFactory
from tests.registrations.printing.four_languages import four_language_event
from tests.registrations.printing.pdf_reading import pdf_text

pytestmark = pytest.mark.django_db

OFFICER = Actor(label="officer")


@pytest.fixture
def summit():
    return four_language_event(slug="unity", badge_languages=[])


@pytest.fixture
def event(summit):
    return summit[0]


@pytest.fixture
def jordan(summit):
    return summit[2]


def pass_text(event, delegation, badge_languages) -> tuple[str, int]:
    event.badge_languages = badge_languages
    event.save()
    vehicle = vehicle_register(
        delegation=delegation,
        data=VehicleInput(
            plate="AMM 20-45871", make="Nissan Patrol", colour="Gris", driver_name="Rami Khoury"
        ),
        actor=OFFICER,
    )
    vehicle = vehicle_approve(vehicle_id=vehicle.pk, actor=OFFICER)
    return pdf_text(vehicle_pass_pdf(vehicle)), vehicle.pk


ENGLISH_ON_THE_PASS = ("VEHICLE PASS", "Driver", "Pass ", "version", "Unity Summit")


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def test_a_french_and_arabic_vehicle_pass_has_no_english_word(event, jordan):
    text, number = pass_text(event, jordan, ["fr", "ar"])

    for printed in (
        "LAISSEZ-PASSER VÉHICULE",
        "تصريح المركبة",
        "Conducteur",
        "السائق",
        "Jordanie",
        "الأردن",
        "Sommet de l'unité",
        "قمة الاتحاد",
        f"Laissez-passer {number} · version 1",
        "AMM 20-45871",
        "Rami Khoury",
    ):
        assert printed in text
    for english in ("VEHICLE PASS", "Driver", "Pass ", "Unity Summit"):
        assert english not in text
    assert "Jordan" not in words(text)  # the delegation's English name


def test_an_arabic_first_vehicle_pass_numbers_it_in_arabic(event, jordan):
    text, number = pass_text(event, jordan, ["ar", "es"])

    for printed in ("تصريح المركبة", "PASE DE VEHÍCULO", "السائق", "Conductor", "الإصدار"):
        assert printed in text
    assert str(number) in text
    for english in ENGLISH_ON_THE_PASS:
        assert english not in text
    assert "Jordan" not in words(text)


def test_a_vehicle_pass_of_an_event_that_chose_nothing_is_english_and_arabic(event, jordan):
    text, number = pass_text(event, jordan, [])

    for printed in ("VEHICLE PASS", "تصريح المركبة", "Driver", "السائق", "Jordan"):
        assert printed in text
    assert f"Pass {number} · version 1" in text
    assert "Jordanie" not in text


@pytest.fixture
def officer_client(client, event, jordan):
    minister = ProtocolRank.objects.create(
        event=event,
        slug="minister",
        name={"en": "Minister", "ar": "وزير", "fr": "Ministre", "es": "Ministro"},
    )
    RegistrationFactory(
        event=event,
        status=Status.APPROVED,
        protocol_rank=minister,
        delegation=jordan,
        first_name="Ayman",
        last_name="Safadi",
        name_ar="أيمن الصفدي",
        country="JO",
    )
    user = UserFactory()
    event.team.create(user=user, role=Role.ACCREDITATION)
    client.force_login(user)
    return client


def test_the_seating_list_is_in_the_officers_french(officer_client):
    response = officer_client.get("/manage/unity/seating.pdf", HTTP_ACCEPT_LANGUAGE="fr")

    text = pdf_text(response.content)
    for printed in (
        "Sommet de l'unité : placement en séance plénière par ordre de préséance",
        "1 place. Imprimé le",
        "Place",
        "Rang",
        "Nom en caractères arabes",
        "Délégation",
        "Pays",
        "Ministre",
        "Jordanie",
        "Ayman Safadi",
        "الصفدي",
    ):
        assert printed in text
    for english in (
        "Seat",
        "Rank",
        "Name",
        "Delegation",
        "Country",
        "Printed",
        "plenary",
        "Minister",
    ):
        assert english not in text
    assert "Jordan" not in words(text)


def test_the_seating_list_is_in_the_officers_arabic(officer_client):
    response = officer_client.get("/manage/unity/seating.pdf", HTTP_ACCEPT_LANGUAGE="ar")

    text = pdf_text(response.content)
    for printed in ("المقعد", "المرتبة", "الوفد", "الدولة", "وزير", "طُبعت", "الأسبقية"):
        assert printed in text
    # The table runs from the right: the seat is its rightmost column, drawn last.
    assert text.index("الدولة") < text.index("المقعد")
    for english in ("Seat", "Rank", "Name", "Delegation", "Country", "Printed", "Minister"):
        assert english not in text
