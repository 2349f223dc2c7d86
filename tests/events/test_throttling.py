"""The counting throttles: a sliding-window estimate from two window counters."""

import pytest
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from events.throttling import ClientRateThrottle, EventRateThrottle, WindowCountingThrottle

pytestmark = pytest.mark.django_db

MINUTE_START = 1_800_000_000 // 60 * 60.0  # a whole minute, as the windows are


class Limited(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [ClientRateThrottle]
    throttle_scope = "test"

    def get(self, request, slug):
        return Response({"ok": True})


class EventLimited(Limited):
    throttle_classes = [EventRateThrottle]


@pytest.fixture(params=[pytest.param("redis", marks=pytest.mark.redis), "django-cache"])
def counters(request, settings, monkeypatch):
    """Run each test on both counter stores: Redis, and Django's cache without it."""
    if request.param == "django-cache":
        settings.REDIS_URL = ""
    monkeypatch.setattr(
        WindowCountingThrottle, "THROTTLE_RATES", {"test": "4/minute", "test-event": "6/minute"}
    )
    return request.param


def at(seconds: float, view=Limited, ip: str = "10.0.0.1", slug: str = "unity"):
    """A request `seconds` after MINUTE_START from `ip`: its response."""
    request = APIRequestFactory().get("/", REMOTE_ADDR=ip)
    clock = MINUTE_START + seconds
    original = WindowCountingThrottle.timer
    WindowCountingThrottle.timer = lambda self: clock
    try:
        return view.as_view()(request, slug=slug)
    finally:
        WindowCountingThrottle.timer = original


def test_the_rate_is_allowed_and_the_next_request_refused_with_retry_after(counters):
    statuses = [at(10 + n).status_code for n in range(4)]
    refused = at(20)

    assert statuses == [200, 200, 200, 200]
    assert refused.status_code == 429
    assert 40 <= int(refused["Retry-After"]) <= 120


def test_a_client_cannot_double_its_rate_across_a_window_boundary(counters):
    assert [at(58 + n * 0.2).status_code for n in range(4)] == [200] * 4

    # Two seconds into the next minute the last minute still weighs 58/60 of 4.
    assert at(61).status_code == 429


def test_the_limit_comes_back_as_the_previous_window_slides_out(counters):
    for n in range(4):
        at(58 + n * 0.2)

    # 45 s into the next minute: 4 * 15/60 = 1 still counts, so three more pass.
    assert [at(105 + n * 0.1).status_code for n in range(3)] == [200, 200, 200]
    assert at(106).status_code == 429


def test_clients_are_counted_apart(counters):
    for n in range(4):
        at(10 + n, ip="10.0.0.1")

    assert at(15, ip="10.0.0.2").status_code == 200
    assert at(15, ip="10.0.0.1").status_code == 429


def test_the_event_limit_counts_every_client_of_the_summit_together(counters):
    statuses = [at(10 + n, view=EventLimited, ip=f"10.0.1.{n}").status_code for n in range(7)]

    assert statuses == [200] * 6 + [429]
    assert at(20, view=EventLimited, ip="10.0.2.1", slug="another").status_code == 200
