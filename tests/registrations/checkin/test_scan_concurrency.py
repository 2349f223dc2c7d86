"""Simultaneous scans of one badge on a real PostgreSQL: admitted exactly once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.summit.models import Event
from registrations.checkin.models import CheckInScan, ZonePresence
from registrations.checkin.scan import ScanDevice, checkin_scan
from tests.registrations.checkin_fixtures import approved, make_summit

SCANS = 200
# PostgreSQL here allows 100 connections shared by everyone's tests: 40 threads,
# released together by a barrier, fire the 200 scans five at a time each.
THREADS = 40


def fire(event_id: int, code: str, *, nonce_for=lambda number: "") -> list[str]:
    barrier = threading.Barrier(THREADS)

    def worker(thread: int) -> list[str]:
        try:
            event = Event.objects.get(pk=event_id)
            device = ScanDevice(label=f"gate {thread}")
            barrier.wait(timeout=30)
            return [
                checkin_scan(
                    event=event,
                    device=device,
                    code=code,
                    zone_slug="plenary",
                    nonce=nonce_for(thread * 100 + round_),
                ).result
                for round_ in range(SCANS // THREADS)
            ]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return [result for results in pool.map(worker, range(THREADS)) for result in results]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_scans_of_one_fresh_badge_admit_it_once():
    summit = make_summit()
    _registration, code = approved(summit)

    results = fire(summit.event.pk, code)

    assert len(results) == SCANS
    assert results.count("accepted") == 1
    assert results.count("already_checked_in") == SCANS - 1
    assert ZonePresence.objects.count() == 1
    assert CheckInScan.objects.filter(result="accepted").count() == 1
    assert CheckInScan.objects.count() == SCANS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_50_simultaneous_replays_of_one_nonce_make_one_record():
    summit = make_summit()
    _registration, code = approved(summit)
    barrier = threading.Barrier(50)

    def replay(_number: int) -> str:
        try:
            event = Event.objects.get(pk=summit.event.pk)
            barrier.wait(timeout=30)
            return checkin_scan(
                event=event, device=ScanDevice(label="gate"), code=code, nonce="retry-1"
            ).result
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(replay, range(50)))

    assert CheckInScan.objects.count() == 1
    assert ZonePresence.objects.count() == 1
    # Every replay answers what the one record says.
    assert set(results) == {CheckInScan.objects.get().result}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_nonce_sent_at_once_with_twenty_badges_answers_one_and_admits_one():
    from registrations.checkin.layout import ScanRequestError

    summit = make_summit()
    codes = [approved(summit)[1] for _ in range(20)]
    barrier = threading.Barrier(len(codes))

    def reuse(code: str) -> str:
        try:
            event = Event.objects.get(pk=summit.event.pk)
            barrier.wait(timeout=30)
            return checkin_scan(
                event=event, device=ScanDevice(label="gate"), code=code, nonce="shared-1"
            ).result
        except ScanRequestError as error:
            return f"refused: {error.field}"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(codes)) as pool:
        results = list(pool.map(reuse, codes))

    assert results.count("accepted") == 1
    assert results.count("refused: nonce") == len(codes) - 1
    # The losers' badges were told no, and nothing says they came in.
    assert CheckInScan.objects.count() == 1
    assert ZonePresence.objects.count() == 1
    assert ZonePresence.objects.get().registration_id == CheckInScan.objects.get().registration_id


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_client_scan_id_uploaded_at_once_with_ten_badges_records_one():
    from django.utils import timezone

    from registrations.checkin.offline import OfflineScan, checkin_offline_upload

    summit = make_summit()
    codes = [approved(summit)[1] for _ in range(10)]
    barrier = threading.Barrier(len(codes))

    def upload(code: str):
        try:
            event = Event.objects.get(pk=summit.event.pk)
            barrier.wait(timeout=30)
            (result,) = checkin_offline_upload(
                event=event,
                device=ScanDevice(label="offline gate"),
                scans=[
                    OfflineScan(
                        client_scan_id="shared-offline-1",
                        code=code,
                        zone_slug="plenary",
                        scanned_at=timezone.now(),
                        device_result="accepted",
                    )
                ],
            )
            return result
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(codes)) as pool:
        results = list(pool.map(upload, codes))

    assert [item.result for item in results].count("accepted") == 1
    assert sum(bool(item.error) for item in results) == len(codes) - 1
    assert CheckInScan.objects.count() == 1
    # The refused items' admissions were undone with them.
    assert ZonePresence.objects.count() == 1
