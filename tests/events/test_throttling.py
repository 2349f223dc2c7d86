"""The counting throttles: a sliding-window estimate from two window counters."""

import logging

import pytest
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from events.throttling import ClientRateThrottle, EventRateThrottle, WindowCountingThrottle
from tests.factories import CategoryFactory, EventFactory

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


# --- The client behind the proxies (TRUSTED_PROXY_COUNT) ---------------------------


@pytest.fixture
def registrations_limited(monkeypatch):
    """The public registration API at 5 a minute per client (60 in production)."""
    monkeypatch.setattr(
        WindowCountingThrottle,
        "THROTTLE_RATES",
        {"registration": "5/minute", "registration-event": "1000/minute"},
    )
    event = EventFactory(slug="unity")
    CategoryFactory(event=event, slug="delegate")
    return event


def register_from(api_client, number: int, forwarded: str):
    return api_client.post(
        "/api/v1/events/unity/registrations/",
        {
            "first_name": "Amina",
            "last_name": "Haddad",
            "email": f"amina{number}@example.org",
            "organization": "Ministry of Interior",
            "job_title": "Director",
            "country": "AE",
            "category": "delegate",
            "consent": True,
        },
        format="json",
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_make_a_new_client(
    api_client, settings, registrations_limited
):
    settings.TRUSTED_PROXY_COUNT = 0

    statuses = [
        register_from(api_client, number, f"198.51.100.{number}").status_code for number in range(8)
    ]

    assert 429 not in statuses[:5]
    assert statuses[5:] == [429, 429, 429]


def test_behind_one_proxy_only_the_address_it_appended_counts(
    api_client, settings, registrations_limited
):
    settings.TRUSTED_PROXY_COUNT = 1

    # The client forges what it likes on the left; the proxy appends what it saw.
    forged = [
        register_from(api_client, number, f"198.51.100.{number}, 203.0.113.7").status_code
        for number in range(8)
    ]
    another_client = register_from(api_client, 99, "203.0.113.8")

    assert 429 not in forged[:5]
    assert forged[5:] == [429, 429, 429]
    assert another_client.status_code != 429


# --- Redis down: the throttles let requests through ----------------------------------


def test_throttles_fail_open_with_one_warning_when_redis_does_not_answer(
    settings, monkeypatch, caplog
):
    # Nothing listens on port 1 of the loopback: every connection is refused at once.
    settings.REDIS_URL = "redis://127.0.0.1:1/9"
    monkeypatch.setattr(
        WindowCountingThrottle, "THROTTLE_RATES", {"test": "4/minute", "test-event": "6/minute"}
    )
    caplog.set_level(logging.WARNING, logger="events.redis_outage")

    statuses = [at(10 + n * 0.1).status_code for n in range(10)]

    assert statuses == [200] * 10
    (line,) = caplog.records
    assert "throttles" in line.getMessage()
