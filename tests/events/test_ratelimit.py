"""The public forms' rate limit counts per client, the client as TRUSTED_PROXY_COUNT says."""

import pytest
from django.test import Client

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

# The lost-link form allows 10 requests an hour per client.
PER_CLIENT = 10


@pytest.fixture
def event():
    return EventFactory(slug="unity")


def ask_for_link(client, forwarded: str, remote: str = "10.0.0.9"):
    return client.post(
        "/e/unity/lost-link/",
        {"email": "amina@example.org"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_without_trusted_proxies_a_forged_forwarded_for_is_the_same_client(settings, event):
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client()

    statuses = [
        ask_for_link(client, f"198.51.100.{number}").status_code for number in range(PER_CLIENT)
    ]
    refused = ask_for_link(client, "198.51.100.200")

    assert 429 not in statuses
    assert refused.status_code == 429
    assert refused["Retry-After"]


def test_behind_one_proxy_visitors_are_counted_apart_not_as_the_proxy(settings, event):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()

    for number in range(PER_CLIENT):
        ask_for_link(client, f"198.51.100.{number}, 203.0.113.7", remote="10.0.0.2")
    forged = ask_for_link(client, "198.51.100.250, 203.0.113.7", remote="10.0.0.2")
    another_visitor = ask_for_link(client, "203.0.113.8", remote="10.0.0.2")

    assert forged.status_code == 429
    assert another_visitor.status_code != 429
