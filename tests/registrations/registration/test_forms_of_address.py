"""Forms of address: each title in each language for each gender, and where people read them."""

import re
from dataclasses import dataclass

import pytest

from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.models import Message
from notifications.rendering import email_render
from registrations.registration.forms_of_address import (
    Gender,
    Honorific,
    addressed_name,
    formal_address,
    honorific,
    salutation,
)
from registrations.registration.models import Registration
from tests.factories import CategoryFactory, EventFactory, RegistrationFactory, UserFactory

LANGUAGES = ["en", "ar", "fr", "es"]
ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN = re.compile(r"[A-Za-z]")
# Titles whose greeting does not change with gender in French (royalty, military rank).
FRENCH_INVARIANT = {
    Honorific.HM,
    Honorific.HH,
    Honorific.HRH,
    Honorific.GENERAL,
    Honorific.COLONEL,
}
SPANISH_INVARIANT = {Honorific.HM, Honorific.HH, Honorific.HRH}
ROYALTY = {Honorific.HM, Honorific.HH, Honorific.HRH}


@dataclass
class Person:
    title: str
    gender: str
    first_name: str = "Fatima"
    last_name: str = "Al Kaabi"
    name_ar: str = "فاطمة الكعبي"


def implied(title: str, gender: str) -> str:
    """What the table test expects the gender to be read as."""
    if gender:
        return gender
    return {
        Honorific.MR: Gender.MALE,
        Honorific.SHEIKH: Gender.MALE,
        Honorific.MS: Gender.FEMALE,
        Honorific.MRS: Gender.FEMALE,
        Honorific.SHEIKHA: Gender.FEMALE,
    }.get(title, Gender.NOT_GIVEN)


def combinations():
    for title in Honorific.values:
        for language in LANGUAGES:
            for gender in Gender.values:
                # "Mr" for a woman is refused at entry; it is never written.
                if implied(title, "") and gender and implied(title, "") != gender:
                    continue
                yield pytest.param(
                    title,
                    language,
                    gender,
                    id=f"{title or 'none'}-{language}-{gender or 'not-given'}",
                )


@pytest.mark.parametrize(("title", "language", "gender"), list(combinations()))
def test_every_title_in_every_language_agrees_with_the_person(title, language, gender):
    person = Person(title=title, gender=gender)
    written = honorific(title=title, gender=gender, language=language)
    greeting = salutation(person, language)
    reads_as = implied(title, gender)

    assert (written == "") == (title == Honorific.NONE)
    assert formal_address(person, language)
    if language == "ar":
        assert not LATIN.search(written + greeting)
        assert "فاطمة الكعبي" in addressed_name(person, language)
        masculine = re.search(r"المحترم(?!ة)|حفظه ", greeting)
        feminine = re.search(r"المحترمة|حفظها ", greeting)
        assert bool(masculine) == (reads_as == Gender.MALE)
        assert bool(feminine) == (reads_as == Gender.FEMALE)
        if reads_as == Gender.NOT_GIVEN:
            assert "تحية طيبة" in greeting
        assert greeting.endswith("،")
    else:
        assert not ARABIC.search(written + greeting + formal_address(person, language))
        assert "Fatima Al Kaabi" in addressed_name(person, language)
    if language == "fr" and title not in FRENCH_INVARIANT:
        if reads_as == Gender.FEMALE:
            assert "Madame" in greeting
            assert "Monsieur" not in greeting
        elif reads_as == Gender.MALE:
            assert "Monsieur" in greeting
            assert "Madame" not in greeting
        else:
            assert greeting in ("Madame, Monsieur,", "Excellence,")
    if language == "es" and title not in SPANISH_INVARIANT:
        assert bool(re.search(r"Estimada|Excelentísima", greeting)) == (reads_as == Gender.FEMALE)
        assert bool(re.search(r"Estimado |Excelentísimo", greeting)) == (reads_as == Gender.MALE)
        assert greeting.endswith(":")
    if language == "en":
        assert greeting.endswith(",")
        assert greeting.startswith(("Dear ", "Your ", "Excellency"))


@pytest.mark.parametrize(
    ("title", "gender", "language", "expected"),
    [
        (Honorific.MS, "", "ar", "السيدة ليلى حداد المحترمة،"),
        (Honorific.MR, "", "ar", "السيد ليلى حداد المحترم،"),
        (Honorific.DR, Gender.FEMALE, "ar", "الدكتورة ليلى حداد المحترمة،"),
        (Honorific.DR, "", "ar", "الدكتور ليلى حداد، تحية طيبة وبعد،"),
        (Honorific.NONE, Gender.FEMALE, "ar", "السيدة ليلى حداد المحترمة،"),
        (Honorific.HE_STATE, Gender.FEMALE, "ar", "فخامة الرئيسة ليلى حداد المحترمة،"),
        (Honorific.HE_GOVERNMENT, Gender.MALE, "ar", "دولة رئيس الوزراء ليلى حداد المحترم،"),
        (Honorific.HE, Gender.FEMALE, "ar", "معالي ليلى حداد المحترمة،"),
        (Honorific.HH, Gender.MALE, "ar", "صاحب السمو ليلى حداد حفظه الله،"),
        (Honorific.MS, "", "en", "Dear Ms Layla Haddad,"),
        (Honorific.HE_STATE, Gender.FEMALE, "en", "Dear Madam President,"),
        (Honorific.HE_STATE, "", "en", "Excellency,"),
        (Honorific.MR, "", "fr", "Monsieur,"),
        (Honorific.DR, "", "fr", "Madame, Monsieur,"),
        (Honorific.HE_STATE, Gender.MALE, "fr", "Monsieur le Président,"),
        (Honorific.HE_GOVERNMENT, Gender.FEMALE, "fr", "Madame la Première ministre,"),
        (Honorific.HE, "", "fr", "Excellence,"),
        (Honorific.MS, "", "es", "Estimada Sra. Layla Haddad:"),
        (Honorific.DR, Gender.FEMALE, "es", "Estimada Dra. Layla Haddad:"),
        (Honorific.HE_STATE, Gender.MALE, "es", "Excelentísimo Señor Presidente:"),
        (Honorific.HE, Gender.FEMALE, "es", "Excelentísima Señora Ministra:"),
        (Honorific.HE_AMBASSADOR, "", "es", "Excelencia:"),
    ],
)
def test_salutations_follow_each_languages_protocol(title, gender, language, expected):
    person = Person(
        title=title, gender=gender, first_name="Layla", last_name="Haddad", name_ar="ليلى حداد"
    )

    assert salutation(person, language) == expected


@pytest.mark.parametrize(
    ("title", "gender", "language", "expected"),
    [
        (Honorific.HE_STATE, Gender.MALE, "ar", "فخامة الرئيس فاطمة الكعبي"),
        (Honorific.HE_GOVERNMENT, Gender.FEMALE, "ar", "دولة رئيسة الوزراء فاطمة الكعبي"),
        (
            Honorific.HE_STATE,
            Gender.MALE,
            "fr",
            "Son Excellence Monsieur le Président Fatima Al Kaabi",
        ),
        (
            Honorific.HE_GOVERNMENT,
            Gender.FEMALE,
            "es",
            "Su Excelencia la Primera Ministra Fatima Al Kaabi",
        ),
        (Honorific.HE, Gender.FEMALE, "en", "Her Excellency Fatima Al Kaabi"),
        (Honorific.HE, "", "fr", "Son Excellence Fatima Al Kaabi"),
        (Honorific.MS, "", "fr", "Mme Fatima Al Kaabi"),
    ],
)
def test_heads_of_state_and_government_have_their_protocol_forms(title, gender, language, expected):
    assert formal_address(Person(title=title, gender=gender), language) == expected


def test_the_latin_name_stands_in_arabic_when_no_arabic_name_was_given():
    person = Person(title=Honorific.MS, gender="", name_ar="")

    # Isolated (FSI … PDI), so its dots and dashes keep to the Latin name.
    assert addressed_name(person, "ar") == "السيدة \u2068Fatima Al Kaabi\u2069"
    assert addressed_name(person, "fr-ca") == "Mme Fatima Al Kaabi"


@pytest.fixture
def event():
    event = EventFactory(slug="unity", name={"en": "Unity", "ar": "الاتحاد"})
    CategoryFactory(event=event, slug="delegate", name={"en": "Delegate", "ar": "مندوب"})
    return event


@pytest.mark.django_db
def test_the_arabic_page_and_email_address_a_woman_in_arabic(client, event):
    registration = RegistrationFactory(
        event=event,
        title=Honorific.MS,
        first_name="Fatima",
        last_name="Al Kaabi",
        name_ar="فاطمة الكعبي",
        language="ar",
    )

    page = client.get(f"/me/{registration.secret_token}/", HTTP_ACCEPT_LANGUAGE="ar")
    email = email_render(
        template_prefix="registrations/email/received",
        context={"registration": registration, "event": event, "page_url": "https://x/"},
        language="ar",
    )

    assert "أهلاً بك، <bdi>السيدة فاطمة الكعبي</bdi>" in page.content.decode()
    assert "Fatima" not in page.content.decode().split("<h1>")[1].split("</h1>")[0]
    assert email.body_text.startswith("السيدة فاطمة الكعبي المحترمة،")
    assert "السيدة فاطمة الكعبي المحترمة،" in email.body_html


@pytest.mark.django_db
def test_the_french_page_and_email_address_a_man_in_french(client, event):
    registration = RegistrationFactory(
        event=event, title=Honorific.MR, first_name="Jean", last_name="Dupont", language="fr"
    )

    page = client.get(f"/me/{registration.secret_token}/", HTTP_ACCEPT_LANGUAGE="fr")
    email = email_render(
        template_prefix="registrations/email/received",
        context={"registration": registration, "event": event, "page_url": "https://x/"},
        language="fr",
    )

    heading = page.content.decode().split("<h1>")[1].split("</h1>")[0]
    assert "M. Jean Dupont" in heading
    assert "Mr" not in heading
    assert email.body_text.startswith("Monsieur,")


@pytest.mark.django_db
def test_a_registrant_gives_a_form_of_address_on_the_public_form(client, event):
    response = client.post(
        "/e/unity/register/",
        {
            "category": "delegate",
            "title": Honorific.DR,
            "gender": Gender.FEMALE,
            "first_name": "Layla",
            "last_name": "Haddad",
            "name_ar": "ليلى حداد",
            "email": "layla@example.org",
            "organization": "Ministry",
            "job_title": "Adviser",
            "country": "JO",
            "language": "ar",
            "consent": "on",
        },
    )

    assert response.status_code == 302
    assert Registration.objects.get(email="layla@example.org").gender == Gender.FEMALE
    received = Message.objects.get(kind="registration.received")
    assert received.body_text.startswith("الدكتورة ليلى حداد المحترمة،")


@pytest.mark.django_db
def test_a_title_that_contradicts_the_form_of_address_is_refused_on_its_field(client, event):
    response = client.post(
        "/e/unity/register/",
        {
            "category": "delegate",
            "title": Honorific.MR,
            "gender": Gender.FEMALE,
            "first_name": "Layla",
            "last_name": "Haddad",
            "email": "layla@example.org",
            "organization": "Ministry",
            "job_title": "Adviser",
            "country": "JO",
            "language": "en",
            "consent": "on",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.context["form"].errors["gender"] == [
        "This form of address does not match the title (Mr, Ms, Sheikh…); change one of them."
    ]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_the_api_takes_and_returns_the_form_of_address(api_client, event):
    body = {
        "first_name": "Awa",
        "last_name": "Diallo",
        "email": "awa@example.org",
        "organization": "Presidency",
        "job_title": "President",
        "country": "SN",
        "category": "delegate",
        "consent": True,
        "title": Honorific.HE_STATE,
        "gender": Gender.FEMALE,
    }

    refused = api_client.post(
        "/api/v1/events/unity/registrations/",
        {**body, "title": Honorific.MR},
        format="json",
    )
    accepted = api_client.post("/api/v1/events/unity/registrations/", body, format="json")

    assert refused.status_code == 400
    assert list(refused.json()) == ["gender"]
    assert accepted.status_code == 202
    registration = Registration.objects.get(email="awa@example.org")
    assert registration.gender == Gender.FEMALE
    assert formal_address(registration, "fr") == "Son Excellence Madame la Présidente Awa Diallo"


@pytest.mark.django_db
def test_the_officer_sees_how_to_address_them_and_corrects_it(client, event):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)
    registration = RegistrationFactory(
        event=event, title=Honorific.HE_GOVERNMENT, first_name="Awa", last_name="Diallo"
    )
    detail = f"/manage/unity/registrations/{registration.reference}/"
    action = f"/manage/unity/protocol/{registration.reference}/form-of-address/"

    before = client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post(action, {"title": Honorific.HE_GOVERNMENT, "gender": Gender.FEMALE})
    after = client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    refused = client.post(action, {"title": Honorific.MR, "gender": Gender.FEMALE}, follow=True)

    assert "H.E. Prime Minister Awa Diallo" in before
    assert "Son Excellence Awa Diallo" in before
    assert "Son Excellence Madame la Première ministre Awa Diallo" in after
    assert "Madame la Première ministre," in after
    assert "This form of address does not match the title" in refused.content.decode()
    registration.refresh_from_db()
    assert (registration.title, registration.gender) == (Honorific.HE_GOVERNMENT, Gender.FEMALE)


@pytest.mark.django_db
def test_a_registrant_corrects_the_form_of_address_on_their_page(client, event):
    registration = RegistrationFactory(event=event, status="pending", title=Honorific.DR)
    data = {
        "title": Honorific.DR,
        "gender": Gender.FEMALE,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "name_ar": "",
        "phone": "",
        "organization": "Ministry",
        "job_title": "Adviser",
        "country": "JO",
        "language": "en",
        "dietary_needs": "",
        "accessibility_needs": "",
    }
    page = f"/me/{registration.secret_token}/"

    client.post(page, data, HTTP_ACCEPT_LANGUAGE="en")
    refused = client.post(page, {**data, "title": Honorific.MR}, HTTP_ACCEPT_LANGUAGE="en")

    registration.refresh_from_db()
    assert (registration.title, registration.gender) == (Honorific.DR, Gender.FEMALE)
    assert refused.context["form"].errors["gender"] == [
        "This form of address does not match the title (Mr, Ms, Sheikh…); change one of them."
    ]
