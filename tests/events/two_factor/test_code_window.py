"""Which app codes sign in: the previous, current and next 30-second step, each once only."""

import time

import django_otp.oath
import pytest
from django.test import Client
from django.utils import translation

from tests.events.two_factor.fixtures import current_code, enrolled_officer, sign_in

pytestmark = pytest.mark.django_db

# The middle of a 30-second step, so that "the previous step" is unambiguous.
NOW = 1_800_000_015.0


@pytest.fixture
def frozen_clock(monkeypatch):
    clock = {"now": NOW}
    monkeypatch.setattr(time, "time", lambda: clock["now"])
    monkeypatch.setattr(django_otp.oath, "time", lambda: clock["now"])  # the app's side
    return clock


@pytest.fixture
def officer_device():
    _, _, device, _ = enrolled_officer()
    return device


def _verify(client: Client, code: str, **extra):
    return client.post("/manage/two-factor/", {"code": code, "next": "/manage/"}, **extra)


def _signed_in() -> Client:
    client = Client()
    sign_in(client, "officer")
    return client


@pytest.mark.parametrize("steps", [-1, 0, 1])
def test_the_code_of_the_previous_current_or_next_step_signs_in(
    frozen_clock, officer_device, steps
):
    client = _signed_in()
    response = _verify(client, current_code(officer_device, steps_ahead=steps))
    assert response.status_code == 302
    assert client.get("/manage/").status_code == 200


@pytest.mark.parametrize("steps", [-2, 2])
def test_a_code_two_steps_away_is_refused_and_says_to_use_the_newest(
    frozen_clock, officer_device, steps
):
    client = _signed_in()
    response = _verify(client, current_code(officer_device, steps_ahead=steps))
    assert response.status_code == 400
    assert "Enter the newest code shown in your app" in response.content.decode()
    assert client.get("/manage/")["Location"].startswith("/manage/two-factor/")


def test_the_right_code_a_second_after_a_wrong_one_signs_in(frozen_clock, officer_device):
    client = _signed_in()
    wrong = "000000" if current_code(officer_device) != "000000" else "111111"
    assert _verify(client, wrong).status_code == 400
    frozen_clock["now"] += 1
    assert _verify(client, current_code(officer_device)).status_code == 302


def test_after_three_wrong_codes_the_next_try_waits(frozen_clock, officer_device):
    right = current_code(officer_device)
    wrong = "000000" if right != "000000" else "111111"
    client = _signed_in()
    for _ in range(4):
        assert _verify(client, wrong).status_code == 400
    # The fourth failure asks for a one-second wait: the right code is refused at once...
    assert _verify(client, right).status_code == 400
    officer_device.refresh_from_db()
    failed_at = officer_device.throttling_failure_timestamp
    officer_device.throttling_failure_timestamp = failed_at.replace(year=2000)
    officer_device.save()
    # ...and accepted once the wait is over.
    assert _verify(client, right).status_code == 302


def test_a_code_once_used_never_signs_in_again_but_a_later_one_does(frozen_clock, officer_device):
    code = current_code(officer_device)
    assert _verify(_signed_in(), code).status_code == 302
    assert _verify(_signed_in(), code).status_code == 400
    # The previous step's code is older than the one used: refused too.
    assert _verify(_signed_in(), current_code(officer_device, steps_ahead=-1)).status_code == 400
    assert _verify(_signed_in(), current_code(officer_device, steps_ahead=1)).status_code == 302


def test_a_code_of_the_next_step_does_not_shift_the_window(frozen_clock, officer_device):
    assert _verify(_signed_in(), current_code(officer_device, steps_ahead=1)).status_code == 302
    frozen_clock["now"] += 60  # two steps on: the code of step +1 from here is step +3 from then
    assert _verify(_signed_in(), current_code(officer_device, steps_ahead=2)).status_code == 400
    assert _verify(_signed_in(), current_code(officer_device, steps_ahead=1)).status_code == 302


def test_the_wrong_code_message_is_in_arabic(frozen_clock, officer_device):
    client = _signed_in()
    with translation.override("ar"):
        response = _verify(client, "000000", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    assert "أدخل أحدث رمز يظهر في تطبيقك" in response.content.decode()
