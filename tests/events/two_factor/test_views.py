"""The two-factor pages: enrolment, verification, replacing or removing a device, `next`."""

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.audit.models import AuditEntry
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.dispatch import messages_dispatch_due
from notifications.models import Message
from tests.events.two_factor.fixtures import current_code, enrolled_officer, sign_in
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- Attack 1: the password alone replaced the owner's device ---------------------------------


def test_a_password_alone_cannot_pair_a_new_app_on_an_enrolled_account():
    event, officer, owner_device, _codes = enrolled_officer()
    attacker = Client()
    sign_in(attacker, "officer")

    setup = attacker.get("/manage/two-factor/setup/")
    assert setup.status_code == 302
    assert setup["Location"].startswith("/manage/two-factor/?")
    # Even holding the secret of a pending device (which the old page handed out), a post fails.
    pending = TOTPDevice.objects.create(user=officer, name="attacker", confirmed=False)
    posted = attacker.post(
        "/manage/two-factor/setup/", {"code": current_code(pending), "next": "/manage/"}
    )
    assert posted.status_code == 302
    assert posted["Location"].startswith("/manage/two-factor/?")

    registrations = f"/manage/{event.slug}/registrations/"
    assert attacker.get(registrations)["Location"].startswith("/manage/two-factor/?")
    assert attacker.get(registrations + "export.csv")["Location"].startswith("/manage/two-factor/?")
    assert list(TOTPDevice.objects.filter(user=officer, confirmed=True)) == [owner_device]
    assert StaticToken.objects.filter(device__user=officer).count() == 10


def test_the_setup_page_of_an_enrolled_account_needs_a_verified_session_whatever_the_role():
    # A check-in user need not verify to sign in, but may have paired an app anyway.
    _event, _user, device, _codes = enrolled_officer(role=Role.CHECKIN, username="door")
    client = Client()
    sign_in(client, "door")
    assert client.get("/manage/").status_code == 200

    setup = client.get("/manage/two-factor/setup/")

    assert setup.status_code == 302
    assert setup["Location"].startswith("/manage/two-factor/?")
    assert list(TOTPDevice.objects.filter(user__username="door")) == [device]


# --- Attack 3: `next` accepted http:// on the same host -----------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "http://testserver/manage/",  # same host, but plain http on an https site
        "https://evil.example/manage/",
        "//evil.example/manage/",
        "/\\evil.example/",
        "javascript:alert(1)",
    ],
)
def test_verification_on_https_sends_only_to_a_same_origin_next(target):
    _event, _officer, device, _codes = enrolled_officer()
    client = Client()
    sign_in(client, "officer")

    response = client.post(
        "/manage/two-factor/", {"code": current_code(device), "next": target}, secure=True
    )

    assert response.status_code == 302
    assert response["Location"] == "/manage/"


@pytest.mark.parametrize(
    "target", ["/manage/unity/registrations/?status=pending", "https://testserver/manage/"]
)
def test_verification_on_https_keeps_a_same_origin_next(target):
    _event, _officer, device, _codes = enrolled_officer()
    client = Client()
    sign_in(client, "officer")

    response = client.post(
        "/manage/two-factor/", {"code": current_code(device), "next": target}, secure=True
    )

    assert response["Location"] == target


def test_without_debug_an_http_next_is_refused_even_on_a_plain_request(settings):
    settings.DEBUG = False
    _event, _officer, device, _codes = enrolled_officer()
    client = Client()
    sign_in(client, "officer")

    response = client.post(
        "/manage/two-factor/",
        {"code": current_code(device), "next": "http://testserver/manage/x/"},
    )

    assert response["Location"] == "/manage/"


# --- Pairing, replacing, removing: a proof, an audit entry, an email ---------------------------


def verified(client, device) -> None:
    response = client.post("/manage/two-factor/", {"code": current_code(device), "next": "/"})
    assert response.status_code == 302


def two_factor_emails() -> list:
    messages_dispatch_due()
    return [email for email in mail.outbox if email.subject.startswith("Two-factor sign-in")]


def test_the_first_app_is_paired_with_the_password_and_the_owner_is_told():
    event = EventFactory()
    officer = UserFactory(username="officer", email="officer@example.org")
    team_member_add(event=event, user=officer, role=Role.ACCREDITATION)
    client = Client()
    sign_in(client, "officer")
    assert "no-store" in client.get("/manage/two-factor/setup/")["Cache-Control"]
    pending = TOTPDevice.objects.get(user=officer)

    done = client.post("/manage/two-factor/setup/", {"code": current_code(pending), "next": "/"})

    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert "no-store" in done["Cache-Control"]  # the key and the codes stay out of caches
    assert client.get("/manage/").status_code == 200
    entry = AuditEntry.objects.get(event=event, action="two_factor.paired")
    assert entry.actor_user == officer
    [email] = two_factor_emails()
    assert email.to == ["officer@example.org"]
    assert "An authenticator app was paired" in email.body


def test_replacing_the_app_needs_a_current_code_and_tells_the_owner():
    other_event = EventFactory()
    _event, officer, old_device, codes = enrolled_officer()
    team_member_add(event=other_event, user=officer, role=Role.CHECKIN)
    client = Client()
    sign_in(client, "officer")
    verified(client, old_device)

    page = client.get("/manage/two-factor/setup/")
    assert page.status_code == 200
    assert "A code from your current app, or a recovery code" in page.content.decode()
    new_device = TOTPDevice.objects.get(user=officer, confirmed=False)
    done = client.post(
        "/manage/two-factor/setup/", {"proof": codes[0], "code": current_code(new_device)}
    )

    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=officer)) == [new_device]
    assert not StaticToken.objects.filter(device__user=officer, token__in=codes).exists()
    assert client.get("/manage/").status_code == 200  # this session moves to the new app
    assert AuditEntry.objects.filter(action="two_factor.replaced").count() == 2  # both events
    [email] = two_factor_emails()
    assert "replaced the one paired" in email.body
    assert "If this was not you" in email.body


def test_a_wrong_proof_or_a_wrong_new_code_changes_nothing(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    _event, officer, old_device, codes = enrolled_officer()
    client = Client()
    sign_in(client, "officer")
    verified(client, old_device)
    client.get("/manage/two-factor/setup/")
    new_device = TOTPDevice.objects.get(user=officer, confirmed=False)

    no_proof = client.post("/manage/two-factor/setup/", {"code": current_code(new_device)})
    wrong_proof = client.post(
        "/manage/two-factor/setup/", {"proof": "000000", "code": current_code(new_device)}
    )
    wrong_code = client.post("/manage/two-factor/setup/", {"proof": codes[0], "code": "000000"})

    assert [no_proof.status_code, wrong_proof.status_code, wrong_code.status_code] == [400] * 3
    assert "not a current code from your app" in wrong_proof.content.decode()
    assert "This code is not right" in wrong_code.content.decode()
    assert list(TOTPDevice.objects.filter(user=officer, confirmed=True)) == [old_device]
    # The recovery code given with a wrong new code was not used up.
    assert StaticToken.objects.filter(device__user=officer, token=codes[0]).exists()
    assert not AuditEntry.objects.filter(action__startswith="two_factor.").exists()
    assert two_factor_emails() == []


def test_a_wrong_proof_still_counts_against_the_guessing_delay():
    _event, officer, old_device, _codes = enrolled_officer()
    client = Client()
    sign_in(client, "officer")
    verified(client, old_device)
    client.get("/manage/two-factor/setup/")
    new_device = TOTPDevice.objects.get(user=officer, confirmed=False)

    client.post("/manage/two-factor/setup/", {"proof": "000000", "code": current_code(new_device)})

    old_device.refresh_from_db()
    assert old_device.throttling_failure_count == 1


def test_sessions_verified_with_the_replaced_app_must_verify_again():
    event, officer, old_device, codes = enrolled_officer()
    elsewhere = Client()
    sign_in(elsewhere, "officer")
    verified(elsewhere, old_device)
    assert elsewhere.get(f"/manage/{event.slug}/registrations/").status_code == 200
    owner = Client()
    sign_in(owner, "officer")
    owner.post("/manage/two-factor/", {"code": codes[1]})
    owner.get("/manage/two-factor/setup/")
    new_device = TOTPDevice.objects.get(user=officer, confirmed=False)
    owner.post("/manage/two-factor/setup/", {"proof": codes[0], "code": current_code(new_device)})

    response = elsewhere.get(f"/manage/{event.slug}/registrations/")

    assert response["Location"].startswith("/manage/two-factor/?")


def test_new_recovery_codes_need_a_current_code_and_tell_the_owner():
    event, officer, device, codes = enrolled_officer()
    client = Client()
    sign_in(client, "officer")
    client.post("/manage/two-factor/", {"code": codes[0]})

    refused = client.post("/manage/two-factor/recovery-codes/", {"proof": "111111"})
    done = client.post("/manage/two-factor/recovery-codes/", {"proof": codes[1]})

    assert refused.status_code == 400
    assert done.status_code == 200
    fresh = done.context["codes"]
    assert len(fresh) == 10
    assert set(fresh).isdisjoint(codes)
    assert StaticToken.objects.filter(device__user=officer).count() == 10
    assert client.get("/manage/").status_code == 200
    assert AuditEntry.objects.filter(
        event=event, action="two_factor.recovery_codes_replaced"
    ).exists()
    [email] = two_factor_emails()
    assert "New recovery codes were made" in email.body
    assert list(TOTPDevice.objects.filter(user=officer)) == [device]


def test_an_officer_may_replace_the_app_but_not_remove_it():
    _event, officer, device, codes = enrolled_officer(role=Role.ADMIN)
    client = Client()
    sign_in(client, "officer")
    verified(client, device)

    page = client.get("/manage/two-factor/remove/", follow=True)
    posted = client.post("/manage/two-factor/remove/", {"proof": codes[0]}, follow=True)

    assert "you can pair a new app, but not remove it" in page.content.decode()
    assert "you can pair a new app, but not remove it" in posted.content.decode()
    assert list(TOTPDevice.objects.filter(user=officer, confirmed=True)) == [device]
    assert StaticToken.objects.filter(device__user=officer).count() == 10


def test_a_user_who_no_longer_needs_it_removes_it_with_a_code(settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # a wrong recovery code delays the next try
    event, officer, _device, codes = enrolled_officer(role=Role.CHECKIN, username="door")
    client = Client()
    sign_in(client, "door")
    client.post("/manage/two-factor/", {"code": codes[0]})
    assert "Turn off two-factor sign-in" in client.get("/manage/two-factor/setup/").content.decode()

    refused = client.post("/manage/two-factor/remove/", {"proof": codes[0]})  # already used
    done = client.post("/manage/two-factor/remove/", {"proof": codes[1]})

    assert refused.status_code == 400
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticToken.objects.filter(device__user=officer).exists()
    assert AuditEntry.objects.filter(event=event, action="two_factor.removed").exists()
    [email] = two_factor_emails()
    assert "Two-factor sign-in was turned off" in email.body
    assert client.get("/manage/").status_code == 200


def test_removing_needs_a_verified_session():
    _event, officer, _device, codes = enrolled_officer(role=Role.CHECKIN, username="door")
    client = Client()
    sign_in(client, "door")

    response = client.post("/manage/two-factor/remove/", {"proof": codes[0]})

    assert response["Location"].startswith("/manage/two-factor/?")
    assert TOTPDevice.objects.filter(user=officer).exists()


def test_the_change_notice_is_in_arabic_for_an_arabic_session():
    _event, _officer, device, codes = enrolled_officer()
    client = Client()
    sign_in(client, "officer")
    verified(client, device)

    client.post(
        "/manage/two-factor/recovery-codes/", {"proof": codes[0]}, HTTP_ACCEPT_LANGUAGE="ar"
    )

    assert Message.objects.get(kind="two_factor.recovery_codes_replaced").language == "ar"


def test_an_account_without_an_email_address_changes_its_app_all_the_same():
    _event, officer, device, codes = enrolled_officer()
    type(officer).objects.filter(pk=officer.pk).update(email="")
    client = Client()
    sign_in(client, "officer")
    verified(client, device)

    done = client.post("/manage/two-factor/recovery-codes/", {"proof": codes[0]})

    assert done.status_code == 200
    assert not Message.objects.exists()
    assert AuditEntry.objects.filter(action="two_factor.recovery_codes_replaced").exists()
