"""The one admit path, the same for a badge at a zone and a vehicle pass at a gate."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from events.audit.services import Actor
from events.summit.models import AccessZone
from registrations.checkin.admission import Admittee, admit
from registrations.checkin.answers import DoorScan, ScanDevice
from registrations.checkin.layout import resolve_zone
from registrations.checkin.models import CheckInScan, Direction, ScanMethod, ZonePresence
from registrations.checkin.scan import checkin_scan
from registrations.presence import Presence
from registrations.vehicles.models import VehicleGateEntry
from registrations.vehicles.services import (
    VehicleInput,
    vehicle_approve,
    vehicle_pass_qr_text,
    vehicle_register,
)
from tests.factories import DelegationFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db

DOOR = ScanDevice(label="door 1")
OTHER_DOOR = ScanDevice(label="door 2")


@dataclass
class Admitted:
    """A code and the door it opens, and where its presence is kept."""

    summit: object
    code: str
    zone: str
    presences: type[Presence]
    subject_id: int
    subject_field: str

    def scan(self, direction=Direction.IN, device=DOOR):
        return checkin_scan(
            event=self.summit.event,
            device=device,
            code=self.code,
            zone_slug=self.zone,
            direction=direction,
        )

    def rows(self):
        return self.presences.objects.filter(**{f"{self.subject_field}_id": self.subject_id})


def a_badge(summit) -> Admitted:
    registration, code = approved(summit)
    return Admitted(summit, code, "plenary", ZonePresence, registration.pk, "registration")


def a_vehicle_pass(summit) -> Admitted:
    AccessZone.objects.create(
        event=summit.event, slug="vehicle-gate", name={"en": "Vehicle gate"}, kind="vehicle"
    )
    delegation = DelegationFactory(event=summit.event)
    data = VehicleInput(plate="AMM 5", make="Nissan Patrol", colour="Grey", driver_name="Rami")
    vehicle = vehicle_register(delegation=delegation, data=data, actor=Actor.system())
    vehicle = vehicle_approve(vehicle_id=vehicle.pk, actor=Actor.system())
    code = vehicle_pass_qr_text(vehicle)
    return Admitted(summit, code, "vehicle-gate", VehicleGateEntry, vehicle.pk, "vehicle_pass")


@pytest.fixture(params=[a_badge, a_vehicle_pass], ids=["badge", "vehicle pass"])
def admitted(request) -> Admitted:
    return request.param(make_summit())


def test_both_presences_are_one_model_shape():
    shared = {"event", "first_checked_in_at", "first_device", "is_inside", "entries"}
    for model in (ZonePresence, VehicleGateEntry):
        assert issubclass(model, Presence)
        assert shared | {"last_moved_at", "zone", model.admitted_field} <= {
            field.name for field in model._meta.fields
        }


def test_the_first_scan_admits_and_the_next_answers_already_inside(admitted):
    first = admitted.scan()
    second = admitted.scan(device=OTHER_DOOR)

    assert (first.result, second.result) == ("accepted", "already_checked_in")
    assert second.first_checked_in_at == first.first_checked_in_at
    assert second.first_device == "door 1"
    row = admitted.rows().get()
    assert (row.is_inside, row.entries, row.first_device) == (True, 1, "door 1")


def test_after_an_exit_the_same_code_is_admitted_again_and_counted(admitted):
    results = [
        admitted.scan().result,
        admitted.scan(Direction.OUT).result,
        admitted.scan(device=OTHER_DOOR).result,
    ]

    assert results == ["accepted", "accepted", "accepted"]
    row = admitted.rows().get()
    assert (row.is_inside, row.entries, row.first_device) == (True, 2, "door 1")


def test_an_exit_without_an_entry_lets_out_and_says_so(admitted):
    outcome = admitted.scan(Direction.OUT)

    assert (outcome.result, outcome.detail) == ("accepted", "not_inside")
    assert (outcome.first_checked_in_at, outcome.first_device) == (None, "")
    assert not admitted.rows().exists()


def test_a_scan_that_lost_the_race_to_enter_answers_already_inside(admitted):
    winner = admitted.scan()
    # The loser read no row before the winner's insert landed.
    layout, zone = resolve_zone(event=admitted.summit.event, slug=admitted.zone)
    now = timezone.now()
    door = DoorScan(
        event=admitted.summit.event,
        zone=zone,
        layout=layout,
        device=OTHER_DOOR,
        now=now,
        log={
            "event_id": admitted.summit.event.pk,
            "zone_id": zone.id,
            "direction": Direction.IN,
            "method": ScanMethod.CODE,
            "device_label": OTHER_DOOR.label,
            "nonce": "",
            "request_digest": "",
            "scanned_at": now,
            "received_at": now,
            f"{admitted.subject_field}_id": admitted.subject_id,
        },
    )
    stale = Admittee(admitted.presences, admitted.subject_id, None, {})

    loser = admit(door, stale, direction=Direction.IN)

    assert loser.result == "already_checked_in"
    assert (loser.first_checked_in_at, loser.first_device) == (winner.first_checked_in_at, "door 1")
    assert admitted.rows().get().entries == 1
    assert CheckInScan.objects.filter(device_label="door 2").get().result == "already_checked_in"
