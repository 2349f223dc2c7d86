"""Who the client is behind the proxies: TRUSTED_PROXY_COUNT and X-Forwarded-For."""

import pytest
from django.test import RequestFactory

from events.audit.models import AuditEntry
from events.client_address import client_ip
from tests.factories import CategoryFactory, EventFactory


def request_from(remote: str = "10.0.0.9", forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("10.0.0.9", "203.0.113.7")) == "10.0.0.9"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        # One proxy appends the address it saw: the last entry; the rest is the client's own say.
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (1, "203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "2001:db8:0:0::7", "2001:db8::7"),
        (1, " 203.0.113.7 ", "203.0.113.7"),
    ],
)
def test_with_n_trusted_proxies_the_client_is_the_nth_address_from_the_right(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip(request_from("10.0.0.9", forwarded)) == expected


@pytest.mark.parametrize(
    ("count", "forwarded"),
    [
        (1, None),  # the request did not come through the proxy
        (1, ""),
        (2, "203.0.113.7"),  # fewer entries than proxies
        (1, "not-an-address"),
        (1, "198.51.100.1, 203.0.113.7:4431"),
        (1, "198.51.100.1,"),
    ],
)
def test_a_missing_short_or_malformed_header_falls_back_to_the_peer_address(
    settings, count, forwarded
):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip(request_from("10.0.0.9", forwarded)) == "10.0.0.9"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "expected"), [(0, "10.0.0.9"), (1, "203.0.113.7")], ids=["direct", "one-proxy"]
)
def test_the_audit_log_records_the_client_the_setting_vouches_for(
    api_client, settings, count, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    event = EventFactory(slug="unity")
    CategoryFactory(event=event, slug="delegate")

    api_client.post(
        "/api/v1/events/unity/registrations/",
        {
            "first_name": "Amina",
            "last_name": "Haddad",
            "email": "amina@example.org",
            "organization": "Ministry of Interior",
            "job_title": "Director",
            "country": "AE",
            "category": "delegate",
            "consent": True,
        },
        format="json",
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )

    assert AuditEntry.objects.get(action="registration.submitted").client_ip == expected
