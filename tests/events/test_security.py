"""Organizer sign-in: lockout, two factors for sensitive roles, idle timeout, CSP."""

import re
import time

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.teams.models import Role
from events.teams.services import team_member_add
from events.two_factor.middleware import SESSION_LAST_SEEN
from tests.factories import PASSWORD, EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        "/manage/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_guesses_from_one_address_lock_that_address_for_that_account_only(settings):
    settings.AXES_FAILURE_LIMIT = 10
    UserFactory(username="officer")
    UserFactory(username="colleague")
    client = Client()

    for _guess in range(10):
        sign_in(client, "officer", "made-up", ip="10.2.2.2")

    locked = sign_in(client, "officer", PASSWORD, ip="10.2.2.2")
    assert locked.status_code == 429
    assert "Sign-in blocked" in locked.content.decode()
    # The owner elsewhere, and other accounts from that address, still sign in.
    assert sign_in(Client(), "officer", PASSWORD, ip="10.3.3.3").status_code == 302
    assert sign_in(Client(), "colleague", PASSWORD, ip="10.2.2.2").status_code == 302


def test_behind_the_proxy_guesses_lock_the_guessing_client_not_the_proxy(settings):
    settings.AXES_FAILURE_LIMIT = 10
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="officer")
    client = Client()

    def through_proxy(client, password, visitor):
        return client.post(
            "/manage/login/",
            {"username": "officer", "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=visitor,
        )

    for guess in range(10):
        # Forged entries on the left change nothing: the proxy appended 203.0.113.7.
        through_proxy(client, "made-up", f"198.51.100.{guess}, 203.0.113.7")

    assert through_proxy(Client(), PASSWORD, "203.0.113.7").status_code == 429
    assert through_proxy(Client(), PASSWORD, "203.0.113.8").status_code == 302


def test_guesses_spread_over_many_addresses_lock_the_account_everywhere(settings):
    settings.AXES_FAILURE_LIMIT = 10
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 30
    UserFactory(username="officer")
    client = Client()

    for attempt in range(29):
        sign_in(client, "officer", "made-up", ip=f"10.1.{attempt // 250}.{attempt % 250}")
    assert sign_in(Client(), "officer", PASSWORD, ip="10.8.8.8").status_code == 302

    # A success clears only its own address's failures: one more guess anywhere
    # brings the account as a whole to its limit.
    last_guess = sign_in(client, "officer", "made-up", ip="10.4.0.1")
    blocked = sign_in(Client(), "officer", PASSWORD, ip="10.9.9.9")

    assert last_guess.status_code == 429
    assert blocked.status_code == 429
    page = blocked.content.decode()
    assert "Sign-in blocked" in page
    assert "from every address" in page


def test_the_account_wide_limit_defaults_to_a_hundred_failures_an_hour(settings):
    assert settings.LOGIN_ACCOUNT_FAILURE_LIMIT == 100
    assert settings.AXES_COOLOFF_TIME == 1


def test_sensitive_roles_must_set_up_two_factor_sign_in(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code normally delays the next try
    event = EventFactory()
    officer = UserFactory(username="officer")
    team_member_add(event=event, user=officer, role=Role.ACCREDITATION)
    client = Client()
    sign_in(client, "officer")

    page = client.get("/manage/")
    assert page.status_code == 302
    assert page["Location"].startswith("/manage/two-factor/setup/")

    setup = client.get(page["Location"])
    assert "data:image/svg+xml;base64," in setup.content.decode()
    device = TOTPDevice.objects.get(user=officer)
    wrong = client.post("/manage/two-factor/setup/", {"code": "000000", "next": "/manage/"})
    assert wrong.status_code == 400
    done = client.post(
        "/manage/two-factor/setup/", {"code": current_code(device), "next": "/manage/"}
    )
    codes = done.context["codes"]
    assert len(codes) == 10
    assert client.get("/manage/").status_code == 200


def test_a_returning_officer_verifies_with_the_app_or_a_single_use_recovery_code():
    event = EventFactory()
    officer = UserFactory(username="officer")
    team_member_add(event=event, user=officer, role=Role.ADMIN)
    from events.two_factor.services import recovery_codes_regenerate

    TOTPDevice.objects.create(user=officer, confirmed=True)
    codes = recovery_codes_regenerate(user=officer)

    client = Client()
    sign_in(client, "officer")
    assert client.get("/manage/")["Location"].startswith("/manage/two-factor/")
    verified = client.post("/manage/two-factor/", {"code": codes[0], "next": "/manage/"})
    assert verified.status_code == 302
    assert client.get("/manage/").status_code == 200

    again = Client()
    sign_in(again, "officer")
    reused = again.post("/manage/two-factor/", {"code": codes[0], "next": "/manage/"})
    assert reused.status_code == 400


def test_checkin_staff_need_no_second_factor():
    event = EventFactory()
    staff = UserFactory(username="door")
    team_member_add(event=event, user=staff, role=Role.CHECKIN)
    client = Client()
    sign_in(client, "door")

    assert client.get("/manage/").status_code == 200


def test_an_unverified_officer_session_cannot_use_the_api():
    event = EventFactory()
    officer = UserFactory(username="officer")
    team_member_add(event=event, user=officer, role=Role.ACCREDITATION)
    client = Client()
    sign_in(client, "officer")

    response = client.get(f"/api/v1/events/{event.slug}/registrations/")

    assert response.status_code == 403
    assert "Two-factor" in response.json()["detail"]


def test_a_role_granted_mid_session_demands_the_second_factor_at_once():
    event = EventFactory()
    staff = UserFactory(username="door")
    team_member_add(event=event, user=staff, role=Role.CHECKIN)
    client = Client()
    sign_in(client, "door")
    assert client.get("/manage/").status_code == 200

    team_member_add(event=event, user=staff, role=Role.ACCREDITATION)

    for path in ("registrations/", "registrations/export.csv"):
        response = client.get(f"/manage/{event.slug}/{path}")
        assert response.status_code == 302
        assert response["Location"].startswith("/manage/two-factor/setup/")
    api = client.get(f"/api/v1/events/{event.slug}/registrations/")
    assert api.status_code == 403
    assert "Two-factor" in api.json()["detail"]


def test_a_role_granted_mid_session_shortens_the_idle_limit(client):
    event = EventFactory()
    staff = UserFactory()
    team_member_add(event=event, user=staff, role=Role.CHECKIN)
    client.force_login(staff)
    assert client.get("/manage/").status_code == 200
    team_member_add(event=event, user=staff, role=Role.ACCREDITATION)

    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 16 * 60
    session.save()
    response = client.get("/manage/")

    assert response.status_code == 302
    assert response["Location"].startswith("/manage/login/")


def test_a_role_taken_away_mid_session_lengthens_the_idle_limit_again(client):
    event = EventFactory()
    officer = UserFactory()
    membership = team_member_add(event=event, user=officer, role=Role.ACCREDITATION)
    client.force_login(officer)
    assert client.get("/manage/").status_code == 200
    membership.delete()

    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 16 * 60
    session.save()

    assert client.get("/manage/").status_code == 200


def test_the_role_decision_costs_one_query_a_request(client, django_assert_num_queries):
    from events.two_factor.services import user_needs_two_factor

    event = EventFactory()
    officer = UserFactory()
    team_member_add(event=event, user=officer, role=Role.ACCREDITATION)

    with django_assert_num_queries(1):
        assert user_needs_two_factor(user=officer) is True


# --- A password-only session of an officer: only verification and sign-out ------------------


def organizer_routes(resolver=None, namespace: str = "", prefix: str = ""):
    """(URL name, route) of every organizer page and API operation, from the URL resolver."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from organizer_routes(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and prefix.startswith(("manage/", "api/")):
            route = prefix + str(pattern.pattern)
            if "^" not in route:  # the router's regex twins of /api/v1/events/ come below
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route


SAMPLE_VALUES = {"slug": "unity", "int": "1", "str": "REF-1", "path": "x"}
# Pages a password-only session may open; the setup page only until the first app is paired.
OPEN_BEFORE_VERIFICATION = {"manage:login", "manage:logout", "manage:two-factor-verify"}
ORGANIZER_URLS = [
    *sorted(
        (name, "/" + re.sub(r"<(\w+):\w+>", lambda match: SAMPLE_VALUES[match.group(1)], route))
        for name, route in organizer_routes()
        if name not in OPEN_BEFORE_VERIFICATION
    ),
    ("api event-list", "/api/v1/events/"),
    ("api event-detail", "/api/v1/events/unity/"),
    ("admin index", "/admin/"),
    ("admin login", "/admin/login/"),
    ("admin users", "/admin/auth/user/"),
    ("admin registrations", "/admin/registrations/registration/"),
]


@pytest.fixture
def password_only_officer():
    """An accreditation officer of `unity` with a paired app, signed in with the password alone."""
    event = EventFactory(slug="unity")
    officer = UserFactory(username="officer")
    team_member_add(event=event, user=officer, role=Role.ACCREDITATION)
    TOTPDevice.objects.create(user=officer, confirmed=True)
    client = Client()
    sign_in(client, "officer")
    return client


def test_the_sweep_covers_every_organizer_area():
    names = {name for name, _url in ORGANIZER_URLS}
    assert {"manage:home", "manage:two-factor-setup", "manage_registrations:export"} <= names
    assert {"api-registrations", "api-checkin-offline-package", "api-vetting-batch-csv"} <= names
    assert len(names) > 80


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "url"), ORGANIZER_URLS)
def test_a_password_only_session_reaches_no_organizer_page(
    password_only_officer, name, url, method
):
    response = getattr(password_only_officer, method)(url)

    if url.startswith("/api/"):
        assert response.status_code == 403, name
        assert "Two-factor verification is required" in response.json()["detail"]
    else:
        assert response.status_code == 302, name
        assert response["Location"].startswith("/manage/two-factor/?next="), name


def test_a_password_only_session_may_verify_and_sign_out(password_only_officer):
    assert password_only_officer.get("/manage/two-factor/").status_code == 200
    signed_out = password_only_officer.post("/manage/logout/")
    assert signed_out.status_code == 302
    assert password_only_officer.get("/manage/")["Location"].startswith("/manage/login/")


def test_before_the_first_app_is_paired_only_setup_and_sign_out_open():
    event = EventFactory(slug="unity")
    officer = UserFactory(username="officer")
    team_member_add(event=event, user=officer, role=Role.ADMIN)
    client = Client()
    sign_in(client, "officer")

    assert client.get("/manage/two-factor/setup/").status_code == 200
    verify = client.get("/manage/two-factor/")
    assert verify["Location"].startswith("/manage/two-factor/setup/")
    for url in ("/manage/", "/manage/unity/registrations/export.csv", "/admin/"):
        assert client.get(url)["Location"].startswith("/manage/two-factor/setup/?next=")
    assert client.get("/api/v1/events/unity/registrations/").status_code == 403


def test_an_idle_sensitive_session_is_signed_out(client):
    event = EventFactory()
    officer = UserFactory()
    team_member_add(event=event, user=officer, role=Role.ACCREDITATION)
    client.force_login(officer)
    assert client.get("/manage/").status_code == 200

    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 16 * 60
    session.save()

    response = client.get("/manage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/manage/login/")


def test_pages_send_a_strict_content_security_policy(client):
    EventFactory()

    policy = client.get("/")["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if "<script>" in path.read_text()
        or "<script " in path.read_text().replace("<script src=", "")
    ]
    assert offenders == []


def test_event_admins_read_the_audit_log_and_others_may_not(client):
    from events.audit.services import Actor, audit_record

    event = EventFactory()
    audit_record(
        event=event,
        actor=Actor(label="officer", client_ip="10.0.0.7"),
        action="registrations.exported",
        obj=event,
    )
    admin, officer = UserFactory(), UserFactory()
    team_member_add(event=event, user=admin, role=Role.ADMIN)
    team_member_add(event=event, user=officer, role=Role.ACCREDITATION)

    client.force_login(officer)
    assert client.get(f"/manage/{event.slug}/audit/").status_code == 403
    client.force_login(admin)
    page = client.get(f"/manage/{event.slug}/audit/").content.decode()
    assert "registrations.exported" in page
    assert "10.0.0.7" in page
