"""The door's JSON: rendered by serializers whose fields are bound once, written as the
door screens and offline devices have always read it."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from registrations.checkin.layout import ZoneInfo
from registrations.checkin.serializers import (
    CheckInAnswer,
    CheckInAnswerSerializer,
    DoorZoneSerializer,
    IsoDateTimeField,
)

PLENARY = ZoneInfo(1, "plenary", {"en": "Plenary hall", "ar": "القاعة العامة"}, "#1F4E79", True)
LOUNGE = ZoneInfo(2, "vip-lounge", {"en": "VIP lounge"}, "#B3261E", False)


def answer(**fields) -> CheckInAnswer:
    return CheckInAnswer(
        **{
            "result": "invalid",
            "message": "Not a valid badge: do not let in.",
            "registration": None,
            "vehicle": None,
            "zone": PLENARY,
            "direction": "in",
            "scanned_at": datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
            "scan_id": 7,
            "replayed": False,
            "first_checked_in_at": None,
            "where": None,
            "detail": "",
            **fields,
        }
    )


def test_moments_are_written_as_isoformat_writes_them():
    moment = datetime(2026, 3, 1, 8, 30, 5, 120000, tzinfo=UTC)

    assert IsoDateTimeField().to_representation(moment) == "2026-03-01T08:30:05.120000+00:00"
    assert IsoDateTimeField().to_representation("2026-03-01T08:00:00+04:00") == (
        "2026-03-01T08:00:00+04:00"
    )


def test_a_door_serializer_binds_its_fields_once_and_renders_each_answer_alone():
    first, second = DoorZoneSerializer(PLENARY), DoorZoneSerializer(LOUNGE)

    assert first.fields is second.fields
    assert first.data == {
        "slug": "plenary",
        "name": "Plenary hall",
        "colour": "#1F4E79",
        "kind": "person",
    }
    assert second.data["slug"] == "vip-lounge"
    assert DoorZoneSerializer([PLENARY, LOUNGE], many=True).data[1]["name"] == "VIP lounge"


def test_a_zone_is_named_in_the_readers_language():
    with translation.override("ar"):
        assert DoorZoneSerializer(PLENARY).data["name"] == "القاعة العامة"
        assert DoorZoneSerializer(LOUNGE).data["name"] == "VIP lounge"


@pytest.mark.parametrize(("detail", "shown"), [("", False), ("badge_at_vehicle_gate", True)])
def test_an_answer_says_its_detail_only_when_the_scan_log_has_one(detail, shown):
    data = CheckInAnswerSerializer(answer(detail=detail)).data

    assert ("detail" in data) is shown
    assert list(data)[:11] == [
        "result",
        "message",
        "registration",
        "vehicle",
        "zone",
        "direction",
        "scanned_at",
        "scan_id",
        "replayed",
        "first_checked_in_at",
        "where",
    ]
    assert data["scanned_at"] == "2026-03-01T08:30:00+00:00"
