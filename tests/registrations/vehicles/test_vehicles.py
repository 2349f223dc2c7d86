"""Vehicle passes: registering, deciding, printing, and scanning them at vehicle gates."""

import io
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import zxingcpp
from django.db import connection
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.summit.models import AccessZone, Event
from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.badges.keys import badge_code, badge_key_current, vehicle_pass_code
from registrations.badges.signing import BadgeCode, TokenType, code_parse, code_sign
from registrations.checkin.models import CheckInScan
from registrations.checkin.scan import ScanDevice, checkin_scan
from registrations.registration.errors import TransitionNotAllowed
from registrations.registration.models import Status
from registrations.vehicles.models import VehicleGateEntry, VehiclePass
from registrations.vehicles.services import (
    VehicleError,
    VehicleInput,
    plate_normalise,
    vehicle_approve,
    vehicle_pass_qr_text,
    vehicle_register,
    vehicle_reissue,
    vehicle_reject,
    vehicle_revoke,
)
from tests.factories import DelegationFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import OFFLINE_DEVICE, approved, make_summit

pytestmark = pytest.mark.django_db

OFFICER = Actor(label="officer")


@pytest.fixture
def summit():
    summit = make_summit()
    summit.gate = AccessZone.objects.create(
        event=summit.event,
        slug="vehicle-gate",
        name={"en": "Vehicle gate", "ar": "بوابة المركبات"},
        kind="vehicle",
    )
    summit.delegation = DelegationFactory(
        event=summit.event, name={"en": "Kingdom of Jordan", "ar": "المملكة الأردنية الهاشمية"}
    )
    summit.head = RegistrationFactory(
        event=summit.event,
        category=summit.delegate,
        delegation=summit.delegation,
        status=Status.APPROVED,
        first_name="Yazan",
        last_name="Haddad",
    )
    summit.delegation.head = summit.head
    summit.delegation.save()
    return summit


def car(summit, *, delegation=None, **fields) -> VehiclePass:
    data = {"plate": "AMM 20-45871", "make": "Nissan Patrol", "colour": "Grey"}
    data["driver_name"] = "Rami Khoury"
    data.update(fields)
    return vehicle_register(
        delegation=delegation or summit.delegation, data=VehicleInput(**data), actor=OFFICER
    )


def approved_car(summit, **fields) -> tuple[VehiclePass, str]:
    vehicle = vehicle_approve(vehicle_id=car(summit, **fields).pk, actor=OFFICER)
    return vehicle, vehicle_pass_qr_text(vehicle)


def scan(api_client, summit, **body):
    return api_client.post(summit.url(), body, format="json", **summit.bearer(Role.CHECKIN))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_qr(data: bytes) -> str:
    images = PdfReader(io.BytesIO(data)).pages[0].images
    results = zxingcpp.read_barcodes(images[0].image)
    assert len(results) == 1
    return results[0].text


def decode_png(data: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(results) == 1
    return results[0].text


# --- Codes ---------------------------------------------------------------------------------


def test_a_vehicle_pass_code_is_signed_with_its_own_type_and_badge_codes_are_unchanged(summit):
    code = vehicle_pass_code(event_id=summit.event.pk, pass_id=7, version=3)
    parsed = code_parse(code).code

    assert parsed.token_type == TokenType.VEHICLE
    assert (parsed.event_id, parsed.subject_id, parsed.version) == (summit.event.pk, 7, 3)
    badge = badge_code(event_id=summit.event.pk, registration_id=7, version=3)
    assert badge == code_sign(
        BadgeCode(event_id=summit.event.pk, registration_id=7, version=3),
        key=badge_key_current(event_id=summit.event.pk),
    )
    assert badge != code
    assert code_parse(badge).code.token_type == TokenType.BADGE


# --- Registering ---------------------------------------------------------------------------


def test_a_registered_vehicle_waits_for_approval_with_a_normalised_plate(summit):
    vehicle = car(summit, plate=" amm 20-45871 ")

    assert vehicle.status == "requested"
    assert vehicle.plate == "amm 20-45871"
    assert vehicle.plate_normalised == "AMM2045871"
    assert vehicle.version == 1
    assert AuditEntry.objects.filter(action="vehicle.registered", object_id=str(vehicle.pk))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"plate": ""}, "plate", "Enter the number plate."),
        ({"plate": " - -  "}, "plate", "Enter the number plate."),
        ({"plate": "A" * 13}, "plate", "at most 12 letters and digits"),
        ({"plate": "AB-1-2-3-4-5-6-7-8-9-0"}, "plate", "at most 12 letters and digits"),
        ({"plate": "AB#12"}, "plate", "only letters and digits"),
        ({"make": "  "}, "make", "Enter the make and model."),
        ({"make": "M" * 81}, "make", "At most 80 characters."),
        ({"colour": ""}, "colour", "Enter the colour."),
        ({"driver_name": ""}, "driver_name", "Enter the driver's name."),
    ],
)
def test_bad_vehicle_input_is_refused_naming_the_field(summit, fields, field, message):
    with pytest.raises(VehicleError) as refused:
        car(summit, **fields)

    assert refused.value.field == field
    assert message in refused.value.message
    assert not VehiclePass.objects.exists()


def test_a_plate_is_unique_in_the_event_whatever_its_spacing_and_case(summit):
    car(summit, plate="AMM 20-45871")
    other_delegation = DelegationFactory(event=summit.event)

    with pytest.raises(VehicleError) as refused:
        car(summit, plate="amm2045871", delegation=other_delegation)

    assert refused.value.field == "plate"
    assert "already registered for this summit" in refused.value.message
    assert VehiclePass.objects.count() == 1


def test_a_rejected_plate_may_be_registered_again_but_a_revoked_one_may_not(summit):
    first = car(summit, plate="AMM 1")
    vehicle_reject(vehicle_id=first.pk, actor=OFFICER, reason="Wrong car")
    again = car(summit, plate="AMM 1")
    vehicle_approve(vehicle_id=again.pk, actor=OFFICER)
    vehicle_revoke(vehicle_id=again.pk, actor=OFFICER, reason="Security")

    with pytest.raises(VehicleError):
        car(summit, plate="AMM-1")
    assert VehiclePass.objects.count() == 2


def test_the_same_plate_may_be_registered_for_another_event(summit):
    car(summit, plate="AMM 1")
    other = make_summit("other-summit")
    delegation = DelegationFactory(event=other.event)

    vehicle = vehicle_register(
        delegation=delegation,
        data=VehicleInput(plate="AMM 1", make="Kia", colour="Red", driver_name="Ali"),
        actor=OFFICER,
    )

    assert vehicle.event == other.event


def test_an_accredited_driver_of_the_delegation_is_linked_and_named(summit):
    driver = RegistrationFactory(
        event=summit.event,
        category=summit.delegate,
        delegation=summit.delegation,
        first_name="Rami",
        last_name="Khoury",
    )

    vehicle = car(summit, driver_name="", driver_reference=driver.reference.lower())

    assert vehicle.driver == driver
    assert vehicle.driver_name == "Rami Khoury"


def test_a_driver_of_another_delegation_is_refused(summit):
    outsider = RegistrationFactory(
        event=summit.event,
        category=summit.delegate,
        delegation=DelegationFactory(event=summit.event),
    )

    with pytest.raises(VehicleError) as refused:
        car(summit, driver_reference=outsider.reference)

    assert refused.value.field == "driver"
    assert "member of the delegation" in refused.value.message


def test_a_driver_registered_for_another_event_is_refused(summit):
    other = make_summit("other-summit")
    stranger = RegistrationFactory(event=other.event, category=other.delegate)

    with pytest.raises(VehicleError) as refused:
        car(summit, driver_reference=stranger.reference)

    assert refused.value.field == "driver"
    assert stranger.reference in refused.value.message
    assert not VehiclePass.objects.exists()


# --- Decisions -----------------------------------------------------------------------------


def test_decisions_follow_the_workflow_and_are_audited(summit):
    vehicle = car(summit)

    with pytest.raises(TransitionNotAllowed):
        vehicle_revoke(vehicle_id=vehicle.pk, actor=OFFICER)
    vehicle_approve(vehicle_id=vehicle.pk, actor=OFFICER)
    with pytest.raises(TransitionNotAllowed):
        vehicle_reject(vehicle_id=vehicle.pk, actor=OFFICER)
    with pytest.raises(VehicleError):
        vehicle_reissue(vehicle_id=vehicle.pk, actor=OFFICER, reason=" ")
    reissued = vehicle_reissue(vehicle_id=vehicle.pk, actor=OFFICER, reason="Lost")
    vehicle_revoke(vehicle_id=vehicle.pk, actor=OFFICER, reason="Security")

    assert reissued.version == 2
    actions = list(
        AuditEntry.objects.filter(object_id=str(vehicle.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "vehicle.registered",
        "vehicle.approved",
        "vehicle.reissued",
        "vehicle.revoked",
    ]


def api(summit, path: str = "") -> str:
    return f"/api/v1/events/{summit.event.slug}/vehicles/{path}"


def test_the_api_registers_lists_and_approves_vehicles(api_client, summit):
    bearer = summit.bearer(Role.ACCREDITATION)
    created = api_client.post(
        api(summit),
        {
            "delegation": summit.delegation.pk,
            "plate": "AMM 77",
            "make": "Kia",
            "colour": "Red",
            "driver_name": "Ali",
        },
        format="json",
        **bearer,
    )
    assert created.status_code == 201
    vehicle_id = created.json()["id"]

    listed = api_client.get(api(summit) + "?status=requested", **bearer).json()
    approved_ = api_client.post(api(summit, f"{vehicle_id}/approve/"), {}, format="json", **bearer)
    again = api_client.post(api(summit, f"{vehicle_id}/approve/"), {}, format="json", **bearer)
    duplicate = api_client.post(
        api(summit),
        {
            "delegation": summit.delegation.pk,
            "plate": "amm-77",
            "make": "Kia",
            "colour": "Red",
            "driver_name": "Ali",
        },
        format="json",
        **bearer,
    )

    assert [item["plate"] for item in listed["results"]] == ["AMM 77"]
    assert listed["count"] == 1
    assert approved_.json()["status"] == "approved"
    assert again.status_code == 409
    assert duplicate.status_code == 400
    assert "already registered" in duplicate.json()["plate"][0]


def test_the_api_refuses_a_delegation_of_another_event(api_client, summit):
    other = make_summit("other-summit")
    foreign = DelegationFactory(event=other.event)

    response = api_client.post(
        api(summit),
        {"delegation": foreign.pk, "plate": "X1", "make": "Kia", "colour": "Red"},
        format="json",
        **summit.bearer(Role.ACCREDITATION),
    )

    assert response.status_code == 400
    assert "delegation" in response.json()


@pytest.mark.parametrize("role", [Role.CHECKIN, Role.PROGRAMME])
def test_the_api_needs_the_accreditation_role(api_client, summit, role):
    vehicle = car(summit)

    assert api_client.get(api(summit), **summit.bearer(role)).status_code == 403
    response = api_client.post(
        api(summit, f"{vehicle.pk}/approve/"), {}, format="json", **summit.bearer(role)
    )
    assert response.status_code == 403
    assert api_client.get(api(summit)).status_code == 401
    vehicle.refresh_from_db()
    assert vehicle.status == "requested"


def test_a_token_of_another_event_cannot_see_this_events_vehicles(api_client, summit):
    other = make_summit("other-summit")
    vehicle = car(summit)

    response = api_client.get(api(summit, f"{vehicle.pk}/"), **other.bearer(Role.ACCREDITATION))

    assert response.status_code == 403


# --- The printable pass --------------------------------------------------------------------


def test_the_pass_pdf_shows_the_car_in_both_languages_and_a_readable_signed_qr(api_client, summit):
    vehicle, code = approved_car(summit, plate="AMM 20-45871")

    response = api_client.get(
        api(summit, f"{vehicle.pk}/pass.pdf"), **summit.bearer("accreditation")
    )
    png = api_client.get(api(summit, f"{vehicle.pk}/pass.png"), **summit.bearer("accreditation"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "AMM 20-45871",
        "Nissan Patrol",
        "Grey",
        "Kingdom of Jordan",
        "المملكة الأردنية الهاشمية",
        "Rami Khoury",
        "VEHICLE PASS",
        "تصريح المركبة",
        "Driver",
        "السائق",
    ):
        assert expected in text
    assert pdf_qr(response.content) == code
    assert decode_png(png.content) == code
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert round(float(pages[0].mediabox.width) / 72 * 25.4) == 105  # A6
    vehicle.refresh_from_db()
    assert vehicle.print_count == 1


def test_a_pass_that_is_not_approved_cannot_be_printed(api_client, summit):
    vehicle = car(summit)

    response = api_client.get(
        api(summit, f"{vehicle.pk}/pass.pdf"), **summit.bearer("accreditation")
    )

    assert response.status_code == 409
    assert "approved" in response.json()["detail"]


# --- At the gate ---------------------------------------------------------------------------


def test_a_vehicle_pass_is_accepted_at_the_vehicle_gate_then_already_checked_in(api_client, summit):
    vehicle, code = approved_car(summit)

    first = scan(api_client, summit, code=code, zone="vehicle-gate").json()
    second = scan(api_client, summit, code=code, zone="vehicle-gate").json()

    assert first["result"] == "accepted"
    assert first["registration"] is None
    assert first["vehicle"]["plate"] == "AMM 20-45871"
    assert first["vehicle"]["make"] == "Nissan Patrol"
    assert first["vehicle"]["colour"] == "Grey"
    assert first["vehicle"]["driver"] == "Rami Khoury"
    assert first["vehicle"]["delegation"] == "Kingdom of Jordan"
    assert first["zone"]["kind"] == "vehicle"
    assert second["result"] == "already_checked_in"
    assert second["first_checked_in_at"] == first["first_checked_in_at"]
    assert VehicleGateEntry.objects.get().vehicle_pass == vehicle
    assert list(CheckInScan.objects.values_list("vehicle_pass_id", flat=True)) == [vehicle.pk] * 2


def test_a_vehicle_pass_at_a_person_gate_is_zone_denied_with_a_clear_message(api_client, summit):
    _vehicle, code = approved_car(summit)

    data = scan(api_client, summit, code=code, zone="plenary").json()

    assert data["result"] == "zone_denied"
    assert data["message"] == "This is a vehicle pass: scan it at a vehicle gate."
    assert data["vehicle"]["plate"] == "AMM 20-45871"
    assert not VehicleGateEntry.objects.exists()


def test_a_badge_at_a_vehicle_gate_is_zone_denied_with_a_clear_message(api_client, summit):
    registration, code = approved(summit)

    data = scan(api_client, summit, code=code, zone="vehicle-gate").json()
    by_hand = scan(api_client, summit, reference=registration.reference, zone="vehicle-gate")

    assert data["result"] == "zone_denied"
    assert data["message"] == "Badges are not valid at a vehicle gate."
    assert by_hand.json()["result"] == "zone_denied"
    assert not registration.zone_presences.exists()


def test_a_revoked_pass_answers_revoked(api_client, summit):
    vehicle, code = approved_car(summit)
    vehicle_revoke(vehicle_id=vehicle.pk, actor=OFFICER, reason="Security")

    data = scan(api_client, summit, code=code, zone="vehicle-gate").json()

    assert data["result"] == "revoked"
    assert data["vehicle"]["plate"] == vehicle.plate


def test_the_old_version_of_a_reissued_pass_answers_revoked(api_client, summit):
    vehicle, old_code = approved_car(summit)
    new = vehicle_reissue(vehicle_id=vehicle.pk, actor=OFFICER, reason="Lost")

    assert scan(api_client, summit, code=old_code, zone="vehicle-gate").json()["result"] == (
        "revoked"
    )
    assert CheckInScan.objects.get().detail == "old_version"
    assert (
        scan(api_client, summit, code=vehicle_pass_qr_text(new), zone="vehicle-gate").json()[
            "result"
        ]
        == "accepted"
    )


@pytest.mark.parametrize("step", ["requested", "rejected"])
def test_a_pass_that_is_not_approved_answers_not_approved(api_client, summit, step):
    vehicle = car(summit)
    if step == "rejected":
        vehicle_reject(vehicle_id=vehicle.pk, actor=OFFICER)

    data = scan(api_client, summit, code=vehicle_pass_qr_text(vehicle), zone="vehicle-gate")

    assert data.json()["result"] == "not_approved"


def test_a_forged_pass_code_is_invalid(api_client, summit):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    vehicle, _code = approved_car(summit)
    forged = code_sign(
        BadgeCode(
            event_id=summit.event.pk,
            registration_id=vehicle.pk,
            version=1,
            token_type=TokenType.VEHICLE,
        ),
        private_key=Ed25519PrivateKey.generate(),
    )

    data = scan(api_client, summit, code=forged, zone="vehicle-gate").json()

    assert data["result"] == "invalid"
    assert data["vehicle"] is None


def test_a_badge_code_relabelled_as_a_vehicle_pass_is_invalid(api_client, summit):
    import base64

    _registration, badge = approved(summit)
    raw = bytearray(base64.b32decode(badge + "=" * (-len(badge) % 8)))
    raw[0] = (raw[0] & 0xF0) | TokenType.VEHICLE
    relabelled = base64.b32encode(bytes(raw)).decode().rstrip("=")

    assert scan(api_client, summit, code=relabelled, zone="vehicle-gate").json()["result"] == (
        "invalid"
    )


def test_a_pass_of_another_event_answers_wrong_event(api_client, summit):
    other = make_summit("other-summit")
    delegation = DelegationFactory(event=other.event)
    vehicle = vehicle_register(
        delegation=delegation,
        data=VehicleInput(plate="X1", make="Kia", colour="Red", driver_name="Ali"),
        actor=OFFICER,
    )
    vehicle_approve(vehicle_id=vehicle.pk, actor=OFFICER)

    data = scan(api_client, summit, code=vehicle_pass_qr_text(vehicle), zone="vehicle-gate").json()

    assert data["result"] == "wrong_event"


def test_an_exit_lets_the_vehicle_in_again_once(api_client, summit):
    _vehicle, code = approved_car(summit)
    scan(api_client, summit, code=code, zone="vehicle-gate")

    out = scan(api_client, summit, code=code, zone="vehicle-gate", direction="out").json()
    back = scan(api_client, summit, code=code, zone="vehicle-gate").json()
    twice = scan(api_client, summit, code=code, zone="vehicle-gate").json()

    assert [out["result"], back["result"], twice["result"]] == [
        "accepted",
        "accepted",
        "already_checked_in",
    ]
    entry = VehicleGateEntry.objects.get()
    assert entry.entries == 2
    assert entry.is_inside


def test_a_repeated_nonce_replays_the_vehicle_answer(api_client, summit):
    _vehicle, code = approved_car(summit)

    answers = [
        scan(api_client, summit, code=code, zone="vehicle-gate", nonce="v-1").json()
        for _ in range(2)
    ]

    assert [answer["result"] for answer in answers] == ["accepted", "accepted"]
    assert answers[1]["replayed"]
    assert answers[1]["vehicle"]["plate"] == "AMM 20-45871"
    assert CheckInScan.objects.count() == 1


def test_a_nonce_reused_at_the_gate_with_another_pass_or_a_badge_is_a_400(api_client, summit):
    _vehicle, code = approved_car(summit)
    _other, other_code = approved_car(summit, plate="AMM 11-11111")
    _registration, badge = approved(summit)
    assert scan(api_client, summit, code=code, zone="vehicle-gate", nonce="v-2").status_code == 200

    other_pass = scan(api_client, summit, code=other_code, zone="vehicle-gate", nonce="v-2")
    a_badge = scan(api_client, summit, code=badge, nonce="v-2")
    exit_instead = scan(
        api_client, summit, code=code, zone="vehicle-gate", nonce="v-2", direction="out"
    )

    assert [other_pass.status_code, a_badge.status_code, exit_instead.status_code] == [400] * 3
    assert "nonce" in other_pass.json()
    assert "AMM" not in other_pass.content.decode()
    assert CheckInScan.objects.count() == 1
    assert VehicleGateEntry.objects.count() == 1


def test_vehicle_scans_appear_in_the_scan_log_and_gate_counts(api_client, summit):
    _vehicle, code = approved_car(summit)
    scan(api_client, summit, code=code, zone="vehicle-gate")

    recent = api_client.get(summit.url(), **summit.bearer()).json()["results"]
    stats = api_client.get(summit.url("checkins/stats/"), **summit.bearer()).json()

    assert recent[0]["vehicle"]["plate"] == "AMM 20-45871"
    assert recent[0]["registration"] is None
    gate = next(zone for zone in stats["zones"] if zone["slug"] == "vehicle-gate")
    assert (gate["entered"], gate["inside"]) == (1, 1)


def offline_package(api_client, summit, query=""):
    return api_client.get(
        summit.url("checkins/offline-package/") + query, **summit.bearer(OFFLINE_DEVICE)
    )


def test_offline_scans_of_a_vehicle_pass_are_judged_like_online_ones(api_client, summit):
    _vehicle, code = approved_car(summit)
    package = offline_package(api_client, summit, "?zone=vehicle-gate").json()
    start = timezone.now() - timedelta(minutes=10)
    scans = [
        {
            "client_scan_id": f"off-{number}",
            "code": code,
            "zone": zone,
            "scanned_at": (start + timedelta(minutes=number)).isoformat(),
        }
        for number, zone in enumerate(["vehicle-gate", "vehicle-gate", "plenary"])
    ]

    response = api_client.post(
        summit.url("checkins/offline-upload/"), {"scans": scans}, format="json", **summit.bearer()
    )

    assert [item["plate"] for item in package["vehicles"]] == ["AMM 20-45871"]
    assert any(zone["kind"] == "vehicle" for zone in package["zones"])
    assert [item["result"] for item in response.json()["results"]] == [
        "accepted",
        "already_checked_in",
        "zone_denied",
    ]
    assert VehicleGateEntry.objects.count() == 1


def test_plates_and_drivers_are_only_in_the_package_of_a_vehicle_gate(api_client, summit):
    approved_car(summit)
    approved(summit, first_name="Amina")

    door = offline_package(api_client, summit).json()
    lounge = offline_package(api_client, summit, "?zone=vip-lounge").json()
    gate = offline_package(api_client, summit, "?zone=vehicle-gate").json()

    for package in (door, lounge):
        assert package["vehicles"] == []
        assert "AMM" not in str(package)
        assert "Rami Khoury" not in str(package)
        assert [row["name"].split()[0] for row in package["registrations"]] == ["Yazan", "Amina"]
    assert [(row["plate"], row["driver"]) for row in gate["vehicles"]] == [
        ("AMM 20-45871", "Rami Khoury")
    ]
    # Badges are refused at a vehicle gate whoever wears them: the gate needs no names.
    assert gate["registrations"] == []
    assert "Amina" not in str(gate)
    assert gate["zone"] == "vehicle-gate"


def test_the_package_of_an_unknown_zone_is_a_400(api_client, summit):
    response = offline_package(api_client, summit, "?zone=nowhere")

    assert response.status_code == 400
    assert "zone" in response.json()


def test_a_badge_scan_still_costs_no_vehicle_query(api_client, summit):
    from django.test.utils import CaptureQueriesContext

    _registration, code = approved(summit)
    _other, warm = approved(summit)
    scan(api_client, summit, code=warm)

    with CaptureQueriesContext(connection) as queries:
        assert scan(api_client, summit, code=code).json()["result"] == "accepted"

    assert not [query for query in queries if "vehiclepass" in query["sql"]]


# --- Pages ---------------------------------------------------------------------------------


def delegation_url(summit, suffix: str = "") -> str:
    return f"/d/{summit.delegation.secret_token}/vehicles/{suffix}"


def test_the_head_registers_a_vehicle_on_the_delegation_page(client, summit):
    page = client.get(delegation_url(summit))
    response = client.post(
        delegation_url(summit),
        {
            "plate": "AMM 5",
            "make": "Toyota",
            "colour": "White",
            "driver": summit.head.reference,
            "driver_name": "",
        },
        follow=True,
    )

    assert page.status_code == 200
    assert "<script>" not in page.content.decode()
    assert 'for="id_plate"' in page.content.decode()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vehicle AMM 5 is registered" in html
    vehicle = VehiclePass.objects.get()
    assert vehicle.driver == summit.head
    assert vehicle.delegation == summit.delegation
    assert AuditEntry.objects.get(action="vehicle.registered").actor_label.startswith(
        "head of delegation"
    )


def test_the_delegation_page_shows_an_error_summary_for_bad_input(client, summit):
    car(summit, plate="AMM 5")

    response = client.post(
        delegation_url(summit), {"plate": "amm-5", "make": "", "colour": "White"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "This field is required." in html  # make, by the form
    response = client.post(
        delegation_url(summit),
        {"plate": "amm-5", "make": "Kia", "colour": "White", "driver_name": "Ali"},
    )
    assert response.status_code == 400
    assert "already registered for this summit" in response.content.decode()
    assert 'href="#id_plate"' in response.content.decode()


def test_the_head_may_print_only_approved_passes_of_their_own_delegation(client, summit):
    vehicle, code = approved_car(summit)
    requested = car(summit, plate="AMM 6")
    other = DelegationFactory(event=summit.event)

    own = client.get(delegation_url(summit, f"{vehicle.pk}/vehicle-pass.pdf"))
    pending = client.get(delegation_url(summit, f"{requested.pk}/vehicle-pass.pdf"))
    foreign = client.get(f"/d/{other.secret_token}/vehicles/{vehicle.pk}/vehicle-pass.pdf")

    assert own.status_code == 200
    assert pdf_qr(own.content) == code
    assert pending.status_code == 404
    assert foreign.status_code == 404


def test_another_delegations_link_cannot_withdraw_a_vehicle(client, summit):
    vehicle = car(summit)
    other = DelegationFactory(event=summit.event)

    response = client.post(f"/d/{other.secret_token}/vehicles/{vehicle.pk}/withdraw/", follow=True)
    own = client.post(delegation_url(summit, f"{vehicle.pk}/withdraw/"), follow=True)

    assert "This vehicle is not registered for your delegation." in response.content.decode()
    assert "The vehicle is withdrawn." in own.content.decode()
    vehicle.refresh_from_db()
    assert vehicle.status == "cancelled"


@pytest.mark.parametrize("token", ["x" * 43, "short"])
def test_an_unknown_delegation_link_is_not_found(client, summit, token):
    assert client.get(f"/d/{token}/vehicles/").status_code == 404


@pytest.fixture
def officer(summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.ACCREDITATION)
    return user


def test_officers_list_filter_approve_and_print_vehicle_passes(client, summit, officer):
    requested = car(summit, plate="AMM 1")
    vehicle, code = approved_car(summit, plate="AMM 2")
    client.force_login(officer)
    base = f"/manage/{summit.event.slug}/vehicles/"

    listing = client.get(base + "?status=requested").content.decode()
    decided = client.post(f"{base}{requested.pk}/approve/", follow=True)
    printed = client.get(f"{base}{vehicle.pk}/vehicle-pass.pdf")
    reissued = client.post(f"{base}{vehicle.pk}/reissue/", {"reason": "Lost"}, follow=True)

    assert "AMM 1" in listing
    assert "AMM 2" not in listing
    assert "The vehicle pass is approved." in decided.content.decode()
    requested.refresh_from_db()
    assert requested.status == "approved"
    assert pdf_qr(printed.content) == code
    assert "earlier printout no longer opens any gate" in reissued.content.decode()
    vehicle.refresh_from_db()
    assert vehicle.version == 2
    assert vehicle.print_count == 0


def test_officers_register_a_vehicle_for_a_delegation(client, summit, officer):
    client.force_login(officer)
    base = f"/manage/{summit.event.slug}/vehicles/"
    outsider = RegistrationFactory(event=summit.event, category=summit.delegate)

    refused = client.post(
        base,
        {
            "delegation": summit.delegation.pk,
            "plate": "AMM 3",
            "make": "Kia",
            "colour": "Red",
            "driver": outsider.reference,
        },
    )
    accepted = client.post(
        base,
        {
            "delegation": summit.delegation.pk,
            "plate": "AMM 3",
            "make": "Kia",
            "colour": "Red",
            "driver_name": "Ali",
            "approve": "on",
        },
    )

    assert refused.status_code == 400
    assert "member of the delegation" in refused.content.decode()
    assert accepted.status_code == 302
    assert VehiclePass.objects.get().status == "approved"


@pytest.mark.parametrize("role", [Role.CHECKIN, Role.PROGRAMME])
def test_vehicle_pages_need_the_accreditation_role(client, summit, role):
    vehicle = car(summit)
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=role)
    client.force_login(user)
    base = f"/manage/{summit.event.slug}/vehicles/"

    assert client.get(base).status_code == 403
    assert client.post(f"{base}{vehicle.pk}/approve/").status_code == 403
    vehicle.refresh_from_db()
    assert vehicle.status == "requested"


def test_the_scanner_page_marks_vehicle_gates(client, summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.CHECKIN)
    client.force_login(user)

    html = client.get(f"/manage/{summit.event.slug}/checkin/").content.decode()

    assert re.search(r'value="vehicle-gate"[^>]*>Vehicle gate \(vehicle gate\)', html)
    assert "Badges are not valid at a vehicle gate." in html  # offline message strings


# --- Demo ----------------------------------------------------------------------------------


def test_seed_vehicles_is_idempotent(summit):
    from registrations.vehicles.demo import seed_vehicles

    for index in range(5):
        DelegationFactory(event=summit.event, name={"en": f"Demo delegation {index}"})

    first = seed_vehicles(summit.event)
    second = seed_vehicles(summit.event)

    assert first["vehicles_created"] > 5
    assert second == {"gate_created": 0, "vehicles_created": 0}
    statuses = set(VehiclePass.objects.values_list("status", flat=True))
    assert {"approved", "requested", "rejected", "revoked"} <= statuses
    assert AccessZone.objects.get(event=summit.event, slug="vehicle-gate").kind == "vehicle"
    assert plate_normalise("AD 1 23456") in set(
        VehiclePass.objects.values_list("plate_normalised", flat=True)
    )


# --- Concurrency ---------------------------------------------------------------------------

SCANS = 100
THREADS = 25


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_scans_of_one_vehicle_pass_admit_it_once():
    summit = make_summit()
    AccessZone.objects.create(event=summit.event, slug="vehicle-gate", kind="vehicle")
    delegation = DelegationFactory(event=summit.event)
    vehicle = vehicle_register(
        delegation=delegation,
        data=VehicleInput(plate="AMM 9", make="Kia", colour="Red", driver_name="Ali"),
        actor=OFFICER,
    )
    vehicle_approve(vehicle_id=vehicle.pk, actor=OFFICER)
    code = vehicle_pass_qr_text(vehicle)
    barrier = threading.Barrier(THREADS)

    def worker(thread: int) -> list[str]:
        try:
            event = Event.objects.get(pk=summit.event.pk)
            device = ScanDevice(label=f"gate {thread}")
            barrier.wait(timeout=30)
            return [
                checkin_scan(event=event, device=device, code=code, zone_slug="vehicle-gate").result
                for _ in range(SCANS // THREADS)
            ]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = [result for batch in pool.map(worker, range(THREADS)) for result in batch]

    assert len(results) == SCANS
    assert results.count("accepted") == 1
    assert results.count("already_checked_in") == SCANS - 1
    assert VehicleGateEntry.objects.count() == 1
    assert CheckInScan.objects.filter(result="accepted", vehicle_pass=vehicle).count() == 1


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": 12}])
def test_the_api_reissues_a_pass_only_with_a_reason(api_client, summit, body):
    vehicle, _code = approved_car(summit)

    response = api_client.post(
        api(summit, f"{vehicle.pk}/reissue/"),
        body,
        format="json",
        **summit.bearer(Role.ACCREDITATION),
    )

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    vehicle.refresh_from_db()
    assert vehicle.version == 1


def test_the_api_reissues_a_pass_with_a_reason_and_the_schema_says_it_is_needed(api_client, summit):
    vehicle, _code = approved_car(summit)
    schema = api_client.get("/api/schema/?format=json").json()

    response = api_client.post(
        api(summit, f"{vehicle.pk}/reissue/"),
        {"reason": "Lost"},
        format="json",
        **summit.bearer(Role.ACCREDITATION),
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    body = schema["paths"]["/api/v1/events/{slug}/vehicles/{vehicle_id}/reissue/"]["post"]
    component = body["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    required = schema["components"]["schemas"][component.rsplit("/", 1)[1]]["required"]
    assert required == ["reason"]
