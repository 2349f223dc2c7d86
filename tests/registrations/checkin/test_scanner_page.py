"""The door scanner page: exits in their own words and colour, hints for the device, last scans."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.checkin.messages import result_message, verdict_label
from registrations.checkin.models import CheckInScan, Direction, ScanResult
from tests.factories import UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    summit = make_summit()
    summit.event.timezone = "Asia/Dubai"
    summit.event.save(update_fields=["timezone"])
    return summit


@pytest.fixture
def door(client, summit):
    user = UserFactory(username="door-1")
    team_member_add(event=summit.event, user=user, role=Role.CHECKIN)
    client.force_login(user)
    return client


def _scan(client, summit, code, direction="in"):
    return client.post(
        summit.url(), {"code": code, "direction": direction}, content_type="application/json"
    )


def _page(client, summit) -> str:
    return client.get(f"/manage/{summit.event.slug}/checkin/").content.decode()


def _recent_rows(html: str) -> list[str]:
    listing = re.search(r'<ol id="recent" class="recent-scans">(.*?)</ol>', html, re.S).group(1)
    return [re.sub(r"\s+", " ", row).strip() for row in re.findall(r"<li.*?</li>", listing, re.S)]


def test_an_exit_says_left_goodbye_not_welcome(door, summit):
    registration, code = approved(summit, first_name="Amina", last_name="Haddad")
    _scan(door, summit, code)

    exit_answer = _scan(door, summit, code, direction="out").json()

    assert exit_answer["result"] == "accepted"
    assert exit_answer["message"] == "Goodbye."
    assert "let in" not in exit_answer["message"]
    rows = _recent_rows(_page(door, summit))
    assert 'class="recent-neutral"' in rows[0]
    assert "— Left" in rows[0]
    assert "Accepted" not in rows[0]
    assert 'class="recent-green"' in rows[1]
    assert "— Accepted" in rows[1]
    assert registration.display_name in rows[0]


def test_the_exit_answer_is_neutral_not_amber():
    css = (Path(settings.BASE_DIR) / "static/css/scanner.css").read_text()
    neutral = re.search(r"\.result-neutral \{ background: (#[0-9a-f]{6}); \}", css).group(1)
    amber = re.search(r"\.result-amber \{ background: (#[0-9a-f]{6}); \}", css).group(1)
    green = re.search(r"\.result-green \{ background: (#[0-9a-f]{6}); \}", css).group(1)
    assert neutral not in (amber, green)
    red, grn, blue = (int(neutral[i : i + 2], 16) for i in (1, 3, 5))
    assert max(red, grn, blue) - min(red, grn, blue) < 40  # a grey-blue, no hue of warning
    script = (Path(settings.BASE_DIR) / "static/js/scanner.js").read_text()
    assert 'isExit(data) ? "neutral"' in script
    assert "isExit(data) ? strings.left" in script


def test_exit_words_in_arabic():
    with translation.override("ar"):
        assert verdict_label(ScanResult.ACCEPTED, Direction.OUT) == "غادر"
        assert result_message(ScanResult.ACCEPTED, direction=Direction.OUT) == "مع السلامة."
        # Entries keep their words.
        assert verdict_label(ScanResult.ACCEPTED, Direction.IN) != "غادر"


def test_the_page_lists_the_last_ten_scans_newest_first_in_the_events_time(door, summit):
    codes = []
    for number in range(12):
        _registration, code = approved(summit, first_name=f"Guest{number:02d}", last_name="Doe")
        codes.append(code)
        _scan(door, summit, code)
    scans = list(CheckInScan.objects.order_by("pk"))
    for minute, scan in enumerate(scans):
        # 06:00 UTC is 10:00 in Dubai.
        scan.scanned_at = datetime(2026, 12, 2, 6, minute, 5, tzinfo=UTC)
        scan.received_at = scan.scanned_at
        scan.save(update_fields=["scanned_at", "received_at"])

    rows = _recent_rows(_page(door, summit))

    assert len(rows) == 10
    assert "Guest11 Doe" in rows[0]
    assert "10:11:05" in rows[0]
    assert "Guest02 Doe" in rows[-1]
    assert "10:02:05" in rows[-1]
    assert not any("Guest01 Doe" in row for row in rows)
    assert all("— Accepted" in row for row in rows)


def test_a_scan_refused_is_listed_in_words(door, summit):
    _registration, code = approved(summit)
    _scan(door, summit, code)
    _scan(door, summit, code)

    rows = _recent_rows(_page(door, summit))

    assert 'class="recent-amber"' in rows[0]
    assert "— Already checked in" in rows[0]


def test_another_door_users_scans_are_not_listed(door, summit):
    from django.test import Client

    _registration, code = approved(summit, first_name="Other", last_name="Person")
    other = UserFactory(username="door-2")
    team_member_add(event=summit.event, user=other, role=Role.CHECKIN)
    second_door = Client()
    second_door.force_login(other)
    _scan(second_door, summit, code)

    assert "Other Person" in _recent_rows(_page(second_door, summit))[0]
    html = _page(door, summit)
    assert _recent_rows(html) == []
    assert re.search(r'<p id="recent-empty" class="meta">No scans yet.</p>', html)


def test_hints_fit_the_device(door, summit):
    html = _page(door, summit)
    keyboard = re.findall(r'<span class="hint-keyboard">(.*?)</span>', html)
    touch = re.findall(r'<span class="hint-touch">(.*?)</span>', html)
    assert any("press Escape" in hint for hint in keyboard)
    assert any("press Enter" in hint for hint in keyboard)
    assert touch
    assert not any("Escape" in hint or "Enter" in hint for hint in touch)
    assert any("tap" in hint for hint in touch)
    assert "press Escape" not in re.sub(r'<span class="hint-keyboard">.*?</span>', "", html)
    css = (Path(settings.BASE_DIR) / "static/css/scanner.css").read_text()
    touch_query = r"@media \(hover: none\) and \(pointer: coarse\) \{(.*?)\n\}"
    touch_rules = re.search(touch_query, css, re.S)
    assert ".hint-keyboard { display: none; }" in touch_rules.group(1)
    assert ".hint-touch { display: inline; }" in touch_rules.group(1)
    assert re.search(r"^\.hint-touch \{ display: none; \}", css, re.M)
