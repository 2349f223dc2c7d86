"""The check-in API (`POST /api/v1/events/<slug>/checkins/`) and the door pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.badges.services import badge_issue, badge_qr_text, badge_reissue
from registrations.badges.signing import BadgeCode, code_sign
from registrations.checkin.models import CheckInScan, ZonePresence
from registrations.registration.models import Status
from registrations.registration.services import registration_cancel, registration_revoke
from tests.factories import RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return make_summit()


def scan(api_client, summit, role=Role.CHECKIN, **body):
    return api_client.post(summit.url(), body, format="json", **summit.bearer(role))


def test_a_fresh_badge_is_accepted_then_answers_already_checked_in(api_client, summit):
    registration, code = approved(
        summit, first_name="Amina", last_name="Haddad", name_ar="أمينة حداد"
    )

    first = scan(api_client, summit, code=code)
    second = scan(api_client, summit, code=code)

    assert first.status_code == 200
    data = first.json()
    assert data["result"] == "accepted"
    assert data["registration"]["reference"] == registration.reference
    assert data["registration"]["name"] == "Amina Haddad"
    assert data["registration"]["name_ar"] == "أمينة حداد"
    assert data["registration"]["category"]["slug"] == "delegate"
    assert [zone["slug"] for zone in data["registration"]["zones"]] == ["plenary"]
    assert data["zone"]["slug"] == "plenary"  # no zone named: the main entrance
    assert second.status_code == 200
    again = second.json()
    assert again["result"] == "already_checked_in"
    assert again["first_checked_in_at"] == data["first_checked_in_at"]
    assert again["where"] == {"zone": data["zone"], "device": "checkin device"}
    assert CheckInScan.objects.count() == 2
    assert ZonePresence.objects.get().is_inside


def test_every_scan_is_logged_with_device_zone_result_and_time(api_client, summit):
    _registration, code = approved(summit)

    scan(api_client, summit, code=code, zone="plenary")
    scan(api_client, summit, code="garbage", zone="plenary")

    logged = list(CheckInScan.objects.order_by("pk"))
    assert [(item.result, item.zone.slug, item.device_label) for item in logged] == [
        ("accepted", "plenary", "checkin device"),
        ("invalid", "plenary", "checkin device"),
    ]
    assert all(item.scanned_at and item.token for item in logged)


def test_each_zone_admits_once_and_a_badge_without_the_zone_is_denied(api_client, summit):
    _delegate, delegate_code = approved(summit)
    _speaker, speaker_code = approved(summit, category=summit.speaker)

    assert scan(api_client, summit, code=delegate_code, zone="vip-lounge").json()["result"] == (
        "zone_denied"
    )
    assert scan(api_client, summit, code=speaker_code, zone="plenary").json()["result"] == (
        "accepted"
    )
    assert scan(api_client, summit, code=speaker_code, zone="vip-lounge").json()["result"] == (
        "accepted"
    )


def test_an_exit_scan_lets_the_badge_in_again_once(api_client, summit):
    _registration, code = approved(summit)
    scan(api_client, summit, code=code)

    out = scan(api_client, summit, code=code, direction="out")
    back = scan(api_client, summit, code=code)
    twice = scan(api_client, summit, code=code)

    assert out.json()["result"] == "accepted"
    assert back.json()["result"] == "accepted"
    assert twice.json()["result"] == "already_checked_in"
    presence = ZonePresence.objects.get()
    assert presence.entries == 2
    assert presence.is_inside


def test_a_repeated_nonce_returns_the_first_answer_without_a_second_record(api_client, summit):
    _registration, code = approved(summit)

    answers = [scan(api_client, summit, code=code, nonce="n-1").json() for _ in range(3)]

    assert [answer["result"] for answer in answers] == ["accepted"] * 3
    assert [answer["replayed"] for answer in answers] == [False, True, True]
    assert CheckInScan.objects.count() == 1


def test_a_repeated_nonce_of_an_invalid_code_is_recorded_once(api_client, summit):
    for _ in range(3):
        assert scan(api_client, summit, code="nonsense", nonce="n-2").json()["result"] == "invalid"
    assert CheckInScan.objects.count() == 1


def test_a_nonce_reused_with_another_code_is_refused_not_answered_as_the_first_scan(
    api_client, summit
):
    _amina, code = approved(summit, first_name="Amina", last_name="Haddad")
    assert scan(api_client, summit, code=code, nonce="n-3").json()["result"] == "accepted"

    response = scan(api_client, summit, code="NOT-A-BADGE-AT-ALL", nonce="n-3")

    assert response.status_code == 400
    assert list(response.json()) == ["nonce"]
    assert "another scan" in response.json()["nonce"][0]
    assert "Amina" not in response.content.decode()
    assert CheckInScan.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"zone": "vip-lounge"}, id="zone"),
        pytest.param({"direction": "out"}, id="direction"),
        pytest.param({"other_badge": True}, id="another-badge"),
        pytest.param({"by_reference": True}, id="reference-instead-of-code"),
    ],
)
def test_a_nonce_reused_with_another_zone_direction_or_badge_is_a_400(api_client, summit, change):
    registration, code = approved(summit, category=summit.speaker)
    _other, other_code = approved(summit, category=summit.speaker)
    first = scan(api_client, summit, code=code, zone="plenary", nonce="n-4").json()
    assert first["result"] == "accepted"
    body = {"code": other_code if change.get("other_badge") else code, "zone": "plenary"}
    if change.get("by_reference"):
        body = {"reference": registration.reference, "zone": "plenary"}
    body.update({key: value for key, value in change.items() if key in ("zone", "direction")})

    response = scan(api_client, summit, nonce="n-4", **body)

    assert response.status_code == 400
    assert "nonce" in response.json()
    assert CheckInScan.objects.count() == 1
    assert ZonePresence.objects.count() == 1  # the second badge was not let in either


def test_a_nonce_first_sent_with_a_bad_code_is_not_reused_for_a_good_badge(api_client, summit):
    _registration, code = approved(summit)
    assert scan(api_client, summit, code="garbage", nonce="n-5").json()["result"] == "invalid"

    response = scan(api_client, summit, code=code, nonce="n-5")

    assert response.status_code == 400
    assert "nonce" in response.json()
    assert not ZonePresence.objects.exists()


def test_the_same_request_again_answers_the_first_answer_even_spelled_differently(
    api_client, summit
):
    _registration, code = approved(summit)
    first = scan(api_client, summit, code=code, nonce="n-6").json()

    # The main entrance named or implied, the code as the scanner typed it: one request.
    again = scan(api_client, summit, code=f" {code.lower()}\n", zone="plenary", nonce="n-6")

    assert again.status_code == 200
    assert again.json()["replayed"]
    assert again.json()["scan_id"] == first["scan_id"]
    assert len(CheckInScan.objects.get().request_digest) == 64  # a SHA-256, not the text


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda code: code[:-10], id="truncated"),
        pytest.param(lambda code: code[:40], id="truncated-short"),
        pytest.param(lambda code: "", id="empty"),
        pytest.param(lambda code: "hello world", id="random-text"),
        pytest.param(lambda code: "X" * 10_240, id="10-kb"),
        pytest.param(lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"), id="altered"),
        pytest.param(lambda code: "https://example.org/" + code, id="url"),
        pytest.param(lambda code: "١٢٣ أحمد", id="arabic-text"),
    ],
)
def test_bad_codes_answer_invalid(api_client, summit, mangle):
    _registration, code = approved(summit)

    response = scan(api_client, summit, code=mangle(code))

    assert response.status_code == 200
    assert response.json()["result"] == "invalid"
    assert response.json()["registration"] is None


def test_a_code_signed_with_another_key_is_invalid(api_client, summit):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    registration, _code = approved(summit)
    forged = code_sign(
        BadgeCode(event_id=summit.event.pk, registration_id=registration.pk, version=1),
        private_key=Ed25519PrivateKey.generate(),
    )

    assert scan(api_client, summit, code=forged).json()["result"] == "invalid"


def test_a_badge_of_another_event_answers_wrong_event(api_client, summit):
    other = make_summit("other-summit")
    _registration, code = approved(other)

    data = scan(api_client, summit, code=code).json()

    assert data["result"] == "wrong_event"
    assert data["registration"] is None


def test_an_old_badge_version_answers_revoked(api_client, summit):
    registration, old_code = approved(summit)
    new = badge_reissue(registration_id=registration.pk, actor=Actor.system(), reason="Lost")

    assert scan(api_client, summit, code=old_code).json()["result"] == "revoked"
    assert scan(api_client, summit, code=badge_qr_text(new)).json()["result"] == "accepted"


def test_a_revoked_registration_answers_revoked(api_client, summit):
    registration, code = approved(summit)
    registration_revoke(registration_id=registration.pk, actor=Actor.system(), reason="Security")

    data = scan(api_client, summit, code=code).json()

    assert data["result"] == "revoked"
    assert data["registration"]["reference"] == registration.reference


@pytest.mark.parametrize("status", [Status.REJECTED, Status.CANCELLED, Status.PENDING])
def test_a_registration_that_is_not_approved_answers_not_approved(api_client, summit, status):
    registration, code = approved(summit)
    if status == Status.CANCELLED:
        registration_cancel(registration_id=registration.pk, actor=Actor.system())
    else:
        type(registration).objects.filter(pk=registration.pk).update(status=status)

    assert scan(api_client, summit, code=code).json()["result"] == "not_approved"


def test_a_token_of_another_event_is_refused(api_client, summit):
    other = make_summit("other-summit")
    _registration, code = approved(summit)

    response = api_client.post(
        summit.url(), {"code": code}, format="json", **other.bearer(Role.CHECKIN)
    )

    assert response.status_code == 403
    assert not CheckInScan.objects.exists()


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.PROGRAMME])
def test_a_token_without_the_checkin_role_is_refused(api_client, summit, role):
    _registration, code = approved(summit)

    assert scan(api_client, summit, role=role, code=code).status_code == 403


def test_an_admin_token_may_scan_and_no_token_may_not(api_client, summit):
    _registration, code = approved(summit)

    assert scan(api_client, summit, role=Role.ADMIN, code=code).json()["result"] == "accepted"
    assert api_client.post(summit.url(), {"code": code}, format="json").status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "code"),
        ({"code": None}, "code"),
        ({"code": {"a": 1}}, "code"),
        ({"code": "X", "reference": "Y"}, "code"),
        ({"code": "X", "zone": "nowhere"}, "zone"),
        ({"code": "X", "direction": "sideways"}, "direction"),
        ({"code": "X", "nonce": "n" * 65}, "nonce"),
        ({"code": "X" * 20_000}, "code"),
    ],
)
def test_a_malformed_request_is_a_400_naming_the_field(api_client, summit, body, field):
    response = api_client.post(summit.url(), body, format="json", **summit.bearer())

    assert response.status_code == 400
    assert field in response.json()
    assert not CheckInScan.objects.exists()


def test_a_body_that_is_not_json_is_a_400(api_client, summit):
    response = api_client.post(
        summit.url(), "code=1", content_type="application/json", **summit.bearer()
    )
    assert response.status_code == 400


def test_without_a_main_entrance_the_zone_must_be_named(api_client, summit):
    _registration, code = approved(summit)
    summit.plenary.is_main_entrance = False
    summit.plenary.save()
    from registrations.checkin.layout import event_layout_forget

    event_layout_forget(event_id=summit.event.pk)

    response = scan(api_client, summit, code=code)

    assert response.status_code == 400
    assert "zone" in response.json()


def test_a_delegate_without_a_badge_is_checked_in_by_reference(api_client, summit):
    registration = RegistrationFactory(
        event=summit.event,
        category=summit.delegate,
        status=Status.APPROVED,
        first_name="Omar",
        last_name="Nasser",
    )
    found = api_client.get(summit.url("checkins/lookup/") + "?q=omar nas", **summit.bearer())
    assert [item["reference"] for item in found.json()["results"]] == [registration.reference]

    data = scan(api_client, summit, reference=registration.reference.lower()).json()

    assert data["result"] == "accepted"
    assert CheckInScan.objects.get().method == "manual"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_nonce", [False, True])
def test_a_scan_costs_at_most_four_queries_and_a_commit_with_a_nonce(api_client, with_nonce):
    summit = make_summit()
    _registration, code = approved(summit)
    _other, warm_code = approved(summit)
    # The first use of a token stamps last_used_at; real scanners are past that.
    scan(api_client, summit, code=warm_code)

    extra = {"nonce": "q-1"} if with_nonce else {}
    with CaptureQueriesContext(connection) as accepted:
        assert scan(api_client, summit, code=code, **extra).json()["result"] == "accepted"
    extra = {"nonce": "q-2"} if with_nonce else {}
    with CaptureQueriesContext(connection) as amber:
        assert scan(api_client, summit, code=code, **extra).json()["result"] == (
            "already_checked_in"
        )
    with CaptureQueriesContext(connection) as invalid:
        assert scan(api_client, summit, code="nonsense").json()["result"] == "invalid"

    # Token, registration read, presence insert, scan insert; with a nonce also the
    # COMMIT that makes the admission and its log one step (a request losing its
    # nonce admits nobody).
    statements = [query["sql"] for query in accepted.captured_queries]
    queries = [sql for sql in statements if not sql.startswith(("BEGIN", "COMMIT"))]
    assert 3 <= len(queries) <= 4, statements
    assert statements.count("COMMIT") == (1 if with_nonce else 0), statements
    assert len(amber) <= 4
    assert len(invalid) <= 4


def test_recent_scans_and_counts_for_the_scanner_page(api_client, summit):
    _registration, code = approved(summit)
    scan(api_client, summit, code=code)
    scan(api_client, summit, code=code)

    recent = api_client.get(summit.url() + "?mine=1&limit=20", **summit.bearer()).json()
    stats = api_client.get(summit.url("checkins/stats/"), **summit.bearer()).json()

    assert [item["result"] for item in recent["results"]] == ["already_checked_in", "accepted"]
    plenary = next(zone for zone in stats["zones"] if zone["slug"] == "plenary")
    assert plenary["entered"] == 1
    assert plenary["inside"] == 1
    delegate = next(item for item in stats["categories"] if item["slug"] == "delegate")
    assert delegate["checked_in"] == 1
    assert stats["hours"][0]["entries"] == 1


def test_answers_follow_the_language_of_the_request(api_client, summit):
    _registration, code = approved(summit)

    data = api_client.post(
        summit.url(),
        {"code": code},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ar",
        **summit.bearer(),
    ).json()

    assert data["zone"]["name"] == "القاعة العامة"
    assert data["registration"]["category"]["name"] == "مندوب"


def test_the_photo_is_served_to_check_in_staff_only(api_client, summit):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 500), (200, 10, 10)).save(buffer, "JPEG")
    registration, code = approved(summit)
    registration.photo = SimpleUploadedFile("p.jpg", buffer.getvalue())
    registration.save()

    photo_url = scan(api_client, summit, code=code).json()["registration"]["photo_url"]

    assert api_client.get(photo_url, **summit.bearer()).status_code == 200
    assert api_client.get(photo_url, **summit.bearer()).headers["Content-Type"] == "image/jpeg"
    assert api_client.get(photo_url, **summit.bearer(Role.PROGRAMME)).status_code == 403
    assert api_client.get(photo_url).status_code == 401


# --- Pages ---------------------------------------------------------------------------


@pytest.fixture
def door_staff(summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.CHECKIN)
    return user


def test_the_scanner_page_works_without_inline_scripts(client, summit, door_staff):
    client.force_login(door_staff)

    response = client.get(f"/manage/{summit.event.slug}/checkin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="code"' in html
    assert "autofocus" in html
    assert "js/scanner.js" in html
    assert 'data-scan-url="/api/v1/events/unity/checkins/"' in html
    assert "<script>" not in html  # only the JSON strings block and the static file
    assert "Plenary hall" in html
    assert "VIP lounge" in html


def test_the_scanner_page_posts_with_the_session_and_csrf(summit, door_staff):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(door_staff)
    page = browser.get(f"/manage/{summit.event.slug}/checkin/")
    token = page.cookies["csrftoken"].value
    _registration, code = approved(summit)

    refused = browser.post(summit.url(), {"code": code}, content_type="application/json")
    answered = browser.post(
        summit.url(), {"code": code}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )

    assert refused.status_code == 403
    assert answered.json()["result"] == "accepted"
    assert CheckInScan.objects.get().device_label == door_staff.username


def test_the_scanner_page_needs_the_checkin_role(client, summit):
    assert client.get(f"/manage/{summit.event.slug}/checkin/").status_code == 302
    outsider = UserFactory()
    team_member_add(event=summit.event, user=outsider, role=Role.PROGRAMME)
    client.force_login(outsider)
    assert client.get(f"/manage/{summit.event.slug}/checkin/").status_code == 403


def test_the_dashboard_shows_counts_by_zone_and_category(client, api_client, summit, door_staff):
    _registration, code = approved(summit)
    scan(api_client, summit, code=code)
    client.force_login(door_staff)

    response = client.get(f"/manage/{summit.event.slug}/checkin/dashboard/")

    assert response.status_code == 200
    assert response.context["counts"]["people_checked_in"] == 1
    assert "js/checkin_dashboard.js" in response.content.decode()


def test_scans_of_badges_issued_before_a_category_change_follow_the_new_grant(api_client, summit):
    _registration, code = approved(summit)
    summit.delegate.zones.set([summit.plenary, summit.lounge])

    # The grant is read from the database on every scan, not from the cached layout.
    assert scan(api_client, summit, code=code, zone="vip-lounge").json()["result"] == "accepted"
    summit.delegate.zones.set([summit.plenary])
    assert (
        scan(api_client, summit, code=code, zone="vip-lounge", direction="out").json()["result"]
        == "zone_denied"
    )


def test_issuing_a_badge_twice_keeps_one_current_version(summit):
    registration, _code = approved(summit)

    again = badge_issue(registration=registration, actor=Actor.system())

    assert again.version == 1
    assert registration.badges.count() == 1


def test_check_in_is_throttled_per_client_with_retry_after(api_client, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    from events.teams.models import Role
    from events.tokens.services import api_token_issue
    from tests.factories import EventFactory

    event = EventFactory()
    _token, raw = api_token_issue(event=event, role=Role.CHECKIN)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = {
        **api_settings.DEFAULT_THROTTLE_RATES,
        "checkin": "3/minute",
    }
    try:
        answers = [
            api_client.post(f"/api/v1/events/{event.slug}/checkins/", {"code": "x"}, format="json")
            for _ in range(4)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original

    assert 429 not in [a.status_code for a in answers[:3]]
    assert answers[3].status_code == 429
    assert int(answers[3]["Retry-After"]) > 0


# --- Looking someone up by hand ---------------------------------------------------------


def lookup(api_client, summit, query, role=Role.CHECKIN):
    return api_client.get(summit.url("checkins/lookup/"), {"q": query}, **summit.bearer(role))


@pytest.mark.parametrize("query", ["a", "ab", "  ab  ", "a b", "", "   "])
def test_a_lookup_needs_three_characters(api_client, summit, query):
    RegistrationFactory(event=summit.event, category=summit.delegate, first_name="Amina")

    response = lookup(api_client, summit, query)

    assert response.status_code == 400
    assert "three characters" in response.json()["q"][0]
    assert "Amina" not in response.content.decode()


def test_a_short_word_may_narrow_a_long_one(api_client, summit):
    wei = RegistrationFactory(
        event=summit.event, category=summit.delegate, first_name="Li", last_name="Wei"
    )
    RegistrationFactory(event=summit.event, category=summit.delegate, first_name="Wei")

    response = lookup(api_client, summit, "li wei")

    assert [item["reference"] for item in response.json()["results"]] == [wei.reference]


def test_lookup_is_audited_without_keeping_the_searched_name(api_client, summit):
    omar = RegistrationFactory(
        event=summit.event, category=summit.delegate, first_name="Omar", last_name="Nasser"
    )

    lookup(api_client, summit, "omar nas")

    entry = AuditEntry.objects.get(action="checkin.lookup")
    assert entry.actor_token is not None
    assert entry.data == {"length": 8, "words": 2, "found": [omar.reference]}
    assert "omar" not in str(entry.data).lower()


def test_lookup_is_throttled_per_token(api_client, summit, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = {
        **api_settings.DEFAULT_THROTTLE_RATES,
        "checkin-lookup": "3/minute",
    }
    try:
        answers = [lookup(api_client, summit, "nobody").status_code for _ in range(4)]
        other_token = lookup(api_client, summit, "nobody", role=Role.ADMIN).status_code
        scans_go_on = scan(api_client, summit, code="x").status_code
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original

    assert answers == [200, 200, 200, 429]
    assert other_token == 200
    assert scans_go_on == 200


def test_the_lookup_limit_is_a_setting():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["checkin-lookup"] == "60/minute"


@pytest.mark.parametrize(
    ("query", "field"),
    [("mine=maybe", "mine"), ("limit=ten", "limit"), ("limit=500", "limit")],
)
def test_a_recent_scans_filter_of_the_wrong_type_is_refused(api_client, summit, query, field):
    response = api_client.get(summit.url() + f"?{query}", **summit.bearer())

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize("body", [{"code": 123}, {"reference": 7}, {"code": "x", "zone": 1}])
def test_a_scan_field_of_the_wrong_type_is_refused(api_client, summit, body):
    response = api_client.post(summit.url(), body, format="json", **summit.bearer())

    assert response.status_code == 400


def test_the_lookup_documents_its_minimum_as_a_pattern(api_client, summit):
    schema = api_client.get("/api/schema/?format=json").json()
    lookup = schema["paths"]["/api/v1/events/{slug}/checkins/lookup/"]["get"]
    (q,) = [parameter for parameter in lookup["parameters"] if parameter["name"] == "q"]
    pattern = re.compile(q["schema"]["pattern"])

    assert pattern.search("ami")
    assert pattern.search("a b cde")
    assert not pattern.search("a b")
    assert not pattern.search("   ")


def test_the_schema_says_a_scan_names_exactly_one_of_code_and_reference(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    body = schema["paths"]["/api/v1/events/{slug}/checkins/"]["post"]["requestBody"]
    component = schema["components"]["schemas"]["CheckInRequestRequest"]

    assert body["required"] is True
    assert component["oneOf"] == [{"required": ["code"]}, {"required": ["reference"]}]


def test_a_scan_with_both_or_neither_of_code_and_reference_is_refused(api_client, summit):
    both = api_client.post(
        summit.url(), {"code": "x", "reference": "y"}, format="json", **summit.bearer()
    )
    neither = api_client.post(summit.url(), {}, format="json", **summit.bearer())

    assert both.status_code == neither.status_code == 400
