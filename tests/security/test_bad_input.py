"""Hostile input: oversized and malformed bodies, injection payloads, file names, Unicode tricks."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image
from pypdf import PdfReader
from rest_framework.test import APIClient

from events.audit.services import Actor
from events.teams.models import Role
from events.teams.services import team_member_add
from events.tokens.services import api_token_issue
from registrations.badges.render import registration_badge_pdf
from registrations.badges.services import badge_issue
from registrations.registration.models import Registration
from tests.events.jobs.running import page_job_file
from tests.factories import CategoryFactory, EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/events/unity/registrations/"
RLO = "\u202e"


@pytest.fixture
def event():
    event = EventFactory(slug="unity", name={"en": "Unity"})
    CategoryFactory(event=event, slug="delegate", name={"en": "Delegate"}, requires_approval=True)
    return event


def body(**overrides):
    return {
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "amina@example.org",
        "organization": "Ministry of Interior",
        "job_title": "Director",
        "country": "AE",
        "category": "delegate",
        "consent": True,
        **overrides,
    }


def officer(client, event, role=Role.ACCREDITATION):
    user = UserFactory()
    team_member_add(event=event, user=user, role=role)
    client.force_login(user)
    return client


# --- Bodies ---------------------------------------------------------------------------------


def test_an_oversized_body_is_refused_with_413_before_parsing(api_client, event):
    huge = json.dumps(body(dietary_needs="x" * (300 * 1024)))

    response = api_client.post(URL, huge, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        b'{"first_name": "Amina",',
        b"\xff\xfe\x00garbage",
        b'{"a": NaN}',
        b"",
        b"[" * 5000 + b"]" * 5000,
    ],
    ids=["truncated", "not-utf8", "nan", "empty", "deeply-nested"],
)
def test_malformed_json_is_a_400_not_a_crash(api_client, event, raw):
    response = api_client.post(URL, raw, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert not Registration.objects.exists()


@pytest.mark.parametrize("payload", [[], "Amina", 42, None, [body()]])
def test_json_that_is_not_an_object_is_refused(api_client, event, payload):
    response = api_client.post(URL, json.dumps(payload), content_type="application/json")

    assert response.status_code == 400
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", json.dumps(body())),
        ("application/x-www-form-urlencoded", "first_name=Amina&last_name=Haddad"),
        ("application/xml", "<registration><first_name>Amina</first_name></registration>"),
        ("multipart/form-data; boundary=xyz", "--xyz--"),
    ],
)
def test_wrong_content_types_get_415(api_client, event, content_type, data):
    response = api_client.post(URL, data, content_type=content_type)

    assert response.status_code == 415
    assert "Unsupported media type" in response.json()["detail"]


def test_wrong_value_types_are_field_errors(api_client, event):
    response = api_client.post(
        URL,
        body(first_name=["Amina"], last_name={"$ne": ""}, consent="yes please", answers=[1]),
        format="json",
    )

    assert response.status_code == 400
    assert {"first_name", "last_name", "consent", "answers"} <= set(response.json())


# --- Injection payloads ---------------------------------------------------------------------

TEXT_FIELDS = ["first_name", "last_name", "organization", "job_title", "name_ar"]
OPTIONAL_TEXT = ["dietary_needs", "accessibility_needs"]
PAYLOADS = {
    "sql": "Robert'); DROP TABLE registrations_registration;--",
    "html": '<img src=x onerror="alert(1)">',
    "script": "<script>alert('x')</script>",
}


@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_payloads_in_every_text_field_are_stored_as_text_and_escaped(client, event, kind):
    payload = PAYLOADS[kind]
    fields = dict.fromkeys(TEXT_FIELDS + OPTIONAL_TEXT, payload)
    response = APIClient().post(URL, body(**fields), format="json")

    assert response.status_code == 202, response.json()
    registration = Registration.objects.get()
    for name in fields:
        assert getattr(registration, name) == payload
    assert "registrations_registration" in connection.introspection.table_names()

    page = client.get(registration.get_absolute_url()).content.decode()
    officer(client, event)
    detail = client.get(f"/manage/unity/registrations/{registration.reference}/").content.decode()
    listing = client.get("/manage/unity/registrations/").content.decode()
    for html in (page, detail, listing):
        assert "<script>alert" not in html
        assert '<img src=x onerror="alert(1)">' not in html
    if kind != "sql":
        assert "&lt;" in detail
    export = page_job_file(client, "/manage/unity/registrations/export.csv", method="post").decode(
        "utf-8-sig"
    )
    row = dict(zip(*list(csv.reader(io.StringIO(export)))[:2], strict=True))
    assert row["First name"] == payload


def test_sql_payload_in_search_and_filters_finds_nothing_and_breaks_nothing(client, event):
    RegistrationFactory(event=event, category=event.categories.get())
    officer(client, event)

    for query in ("' OR '1'='1", "%' --", "\\x00; SELECT pg_sleep(1)"):
        page = client.get("/manage/unity/registrations/", {"q": query, "status": query})
        assert page.status_code == 200
    _token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for query in ("' OR '1'='1", "%' --"):
        response = api.get(URL, {"search": query, "country": query, "delegation": query})
        assert response.status_code == 200
        assert response.json()["count"] == 0
    assert Registration.objects.count() == 1


# --- File names -----------------------------------------------------------------------------


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), (0, 90, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name",
    ["../../../etc/passwd.jpg", "..\\..\\win.ini.jpg", "/var/absolute.jpg", "shell.php.jpg"],
)
def test_a_photo_upload_name_cannot_choose_where_it_is_stored(client, event, settings, name):
    form = {
        "category": "delegate",
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "amina@example.org",
        "organization": "Ministry",
        "job_title": "Minister",
        "country": "AE",
        "language": "en",
        "consent": "on",
        "photo": SimpleUploadedFile(name, jpeg(), content_type="image/jpeg"),
    }

    client.post("/e/unity/register/", form)

    registration = Registration.objects.get()
    stored = Path(registration.photo.path).resolve()
    assert stored.is_relative_to((Path(settings.MEDIA_ROOT) / "photos").resolve())
    assert stored.suffix == ".jpg"
    assert ".." not in registration.photo.name
    assert "passwd" not in registration.photo.name
    assert "php" not in registration.photo.name


# --- Unicode: bidi controls and confusables -------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("first_name", f"Amina{RLO}gpj.exe", "U+202E"),
        ("last_name", "Had\u2067dad", "U+2067"),
        ("organization", f"Ministry{RLO}", "U+202E"),
        ("job_title", "Direc\x07tor", "control character"),
        ("name_ar", f"أمينة{RLO}", "U+202E"),
        ("first_name", "\u0410mina", "look-alike Cyrillic"),
        ("last_name", "Hadd\u03b1d", "look-alike Cyrillic or Greek"),
    ],
)
def test_api_refuses_hidden_characters_and_mixed_scripts_with_a_field_error(
    api_client, event, field, value, code
):
    response = api_client.post(URL, body(**{field: value}), format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert code in response.json()[field][0]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("first_name", "Ami\u200bna", "U+200B"),
        ("first_name", "\ufeffAmina", "U+FEFF"),
        ("last_name", "Had\u2060dad", "U+2060"),
        ("last_name", "Had\u00addad", "U+00AD"),
        ("first_name", "Amina\u200e", "U+200E"),
        ("name_ar", "أمينة\u200f", "U+200F"),
        ("name_ar", "أمينة\u061c", "U+061C"),
        ("first_name", "Am\u200dina", "U+200D"),
        ("organization", "Ministry\u3164", "U+1160"),  # NFKC turns U+3164 into U+1160
        ("job_title", "Director\u2028General", "control character"),
        ("organization", "Ministry of Interi\u043er", "look-alike Cyrillic or Greek"),
        ("first_name", "Amina\U0001f600", "U+1F600"),
        ("last_name", "王", "U+738B"),
        ("organization", "\u092e\u0902\u0924\u094d\u0930\u093e\u0932\u092f", "U+092E"),
    ],
)
def test_api_refuses_invisible_undrawable_and_look_alike_text_naming_the_character(
    api_client, event, field, value, says
):
    response = api_client.post(URL, body(**{field: value}), format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert says in response.json()[field][0]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("first_name", "\U0001d400\U0001d426\U0001d422\U0001d427\U0001d41a", "Amina"),
        ("last_name", "\uff28\uff41\uff44\uff44\uff41\uff44", "Haddad"),
        ("organization", "Ministry\u00a0of Interior", "Ministry of Interior"),
        ("name_ar", "\ufe8e\ufee3\ufef4\ufee8\ufe94", "امينة"),
    ],
)
def test_compatibility_spellings_are_stored_as_the_letters_they_stand_for(
    api_client, event, field, typed, stored
):
    response = api_client.post(URL, body(**{field: typed}), format="json")

    assert response.status_code == 202
    assert getattr(Registration.objects.get(), field) == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name_ar", "می\u200cخواهم"),  # noqa: RUF001 - Persian, with its ZWNJ
        ("organization", "وزارة\u200cالداخلية"),  # noqa: RUF001 - Arabic
        ("organization", "Министерство внутренних дел (Ministry of Interior)"),
        ("last_name", "Nguyễn"),
        ("first_name", "Łukasz"),
    ],
)
def test_joiners_where_a_script_uses_them_and_words_in_one_alphabet_are_accepted(
    api_client, event, field, value
):
    response = api_client.post(URL, body(**{field: value}), format="json")

    assert response.status_code == 202, response.json()
    assert getattr(Registration.objects.get(), field) == value


def test_the_form_refuses_an_undrawable_character_in_the_users_language(client, event):
    form = {
        "category": "delegate",
        "first_name": "Amina\u200b",
        "last_name": "王",
        "email": "amina@example.org",
        "organization": "Ministry",
        "job_title": "Minister",
        "country": "AE",
        "language": "en",
        "consent": "on",
    }

    response = client.post("/e/unity/register/", form, HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"first_name", "last_name"}
    assert "U+738B" in response.context["form"].errors["last_name"][0]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "José"),
        ("last_name", "O'Brien-Al Sayed"),
        ("first_name", "Zoë"),
        ("name_ar", "أمينة حداد"),
        ("organization", "وزارة الداخلية (Ministry)"),
    ],
)
def test_real_names_in_any_script_are_accepted(api_client, event, field, value):
    response = api_client.post(URL, body(**{field: value}), format="json")

    assert response.status_code == 202
    assert getattr(Registration.objects.get(), field) == value


def test_the_form_refuses_a_right_to_left_override_in_a_name(client, event):
    form = {
        "category": "delegate",
        "first_name": f"Amina{RLO}",
        "last_name": "Haddad",
        "email": "amina@example.org",
        "organization": "Ministry",
        "job_title": "Minister",
        "country": "AE",
        "language": "en",
        "consent": "on",
    }

    response = client.post("/e/unity/register/", form)

    assert response.status_code == 400
    assert "invisible text-direction character (U+202E)" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_registrant_cannot_edit_a_bidi_override_into_their_name(client, event):
    registration = RegistrationFactory(event=event, category=event.categories.get())

    response = client.post(
        registration.get_absolute_url(),
        {
            "first_name": "Amina",
            "last_name": f"Had{RLO}dad",
            "organization": "Ministry",
            "job_title": "Director",
            "country": "AE",
            "language": "en",
        },
    )

    assert response.status_code == 400
    registration.refresh_from_db()
    assert RLO not in registration.last_name


def test_stored_names_with_tricks_render_escaped_on_pages_and_badges(client, event):
    """Names entered before the policy (or by staff in the admin) still display safely."""
    registration = RegistrationFactory(
        event=event,
        category=event.categories.get(),
        status="approved",
        first_name=f"<b>Amina</b>{RLO}",
        last_name="\u0410l-Sayed",
        name_ar=f"أمينة{RLO}",
    )
    badge = badge_issue(registration=registration, actor=Actor.system())

    page = client.get(registration.get_absolute_url()).content.decode()
    pdf = registration_badge_pdf(registration, badge)

    assert "<b>Amina</b>" not in page
    assert "&lt;b&gt;Amina&lt;/b&gt;" in page
    text = "".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf)).pages)
    assert "<b>Amina</b>" in text  # printed as typed, not interpreted
    assert RLO not in text
    assert "أمينة" in text


# --- NUL characters (PostgreSQL cannot store them) -----------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"category": "dele\x00gate"},
        {"answers": {"1": "yes\x00"}},
        {"answers": {"1\x00": "yes"}},
        {"delegation": "DEL-\x00"},
    ],
)
def test_nul_characters_anywhere_in_the_body_are_a_400(api_client, event, overrides):
    response = api_client.post(URL, body(**overrides), format="json")

    assert response.status_code == 400
    assert "U+0000" in response.json()["detail"]
    assert not Registration.objects.exists()


def test_nul_characters_in_search_and_filters_are_not_a_server_error(client, event):
    RegistrationFactory(event=event, category=event.categories.get())
    _token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    officer(client, event)

    api_response = api.get(URL, {"search": "a\x00b", "category": "\x00", "delegation": "\x00"})
    page = client.get("/manage/unity/registrations/", {"q": "a\x00b", "category": "\x00"})

    secret = client.get(f"/me/{'A' * 42}%00/")

    assert api_response.status_code == 400
    assert "U+0000" in api_response.json()["detail"]
    assert page.status_code == 400
    assert secret.status_code in (400, 404)
