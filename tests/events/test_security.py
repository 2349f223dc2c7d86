"""Organizer sign-in: lockout, two factors for sensitive roles, idle timeout, CSP."""

import time

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.middleware import SESSION_LAST_SEEN
from events.models import Role
from events.services import team_member_add
from tests.factories import PASSWORD, EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        "/manage/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_an_account_is_locked_after_repeated_failures_from_spread_out_addresses(settings):
    settings.AXES_FAILURE_LIMIT = 100
    UserFactory(username="officer")
    client = Client()

    for attempt in range(100):
        sign_in(client, "officer", "wrong", ip=f"10.1.{attempt // 250}.{attempt % 250}")
    blocked = sign_in(client, "officer", PASSWORD, ip="10.9.9.9")

    assert blocked.status_code == 429
    assert "Sign-in blocked" in blocked.content.decode()


def test_a_client_address_is_locked_across_accounts(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="victim")
    client = Client()

    for number in range(3):
        sign_in(client, f"guess{number}", "wrong", ip="10.2.2.2")

    assert sign_in(client, "victim", PASSWORD, ip="10.2.2.2").status_code == 429
    assert sign_in(client, "victim", PASSWORD, ip="10.3.3.3").status_code == 302


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
    from events.two_factor import recovery_codes_regenerate

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
    from events.services import Actor, audit_record

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
