"""Delegations (the head's secret page, completeness) and bulk invitations."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.audit.services import Actor
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.models import Message
from registrations.delegations.services import delegation_set_head, delegations_completeness
from registrations.registration.errors import RegistrationError
from registrations.registration.invitations import (
    invitation_emails_parse,
    invitations_create_for_emails,
)
from registrations.registration.models import Invitation, Registration
from tests.factories import (
    CategoryFactory,
    DelegationFactory,
    EventFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(slug="unity")
    CategoryFactory(event=event, slug="delegate")
    return event


def member_form(**overrides):
    return {
        "category": "delegate",
        "first_name": "Omar",
        "last_name": "Nasser",
        "email": "omar@example.org",
        "organization": "Ministry",
        "job_title": "Advisor",
        "country": "JO",
        "language": "en",
        "consent": "on",
        **overrides,
    }


class TestHeadOfDelegationPage:
    def test_the_head_registers_a_member_who_carries_the_delegation(self, client, event):
        delegation = DelegationFactory(event=event, quota=3)

        response = client.post(delegation.get_absolute_url(), member_form(), follow=True)

        member = Registration.objects.get()
        assert member.delegation == delegation
        assert member.reference in response.content.decode()

    def test_the_quota_is_enforced_with_a_clear_message(self, client, event):
        delegation = DelegationFactory(event=event, quota=1)
        RegistrationFactory(event=event, delegation=delegation)

        response = client.post(delegation.get_absolute_url(), member_form())

        assert response.status_code == 400
        assert "no places left" in response.content.decode()

    def test_the_head_removes_a_member(self, client, event):
        delegation = DelegationFactory(event=event)
        member = RegistrationFactory(event=event, delegation=delegation, status="approved")

        url = f"{delegation.get_absolute_url()}members/{member.reference}/remove/"
        client.post(url)
        member.refresh_from_db()
        assert member.status == "approved"

        client.post(url, {"confirm": "yes"})

        member.refresh_from_db()
        assert member.status == "cancelled"

    def test_only_members_holding_or_awaiting_a_place_can_be_removed(self, client, event):
        delegation = DelegationFactory(event=event)
        active = RegistrationFactory(event=event, delegation=delegation, status="pending")
        gone = RegistrationFactory(event=event, delegation=delegation, status="cancelled")

        page = client.get(delegation.get_absolute_url()).content.decode()

        assert f"members/{active.reference}/remove/" in page
        assert f"members/{gone.reference}/remove/" not in page

    def test_a_wrong_or_truncated_token_is_not_found(self, client, event):
        delegation = DelegationFactory(event=event)

        assert client.get(f"/d/{delegation.secret_token[:30]}/").status_code == 404
        assert client.get(f"/d/{'x' * 43}/").status_code == 404

    def test_setting_the_head_sends_the_private_link(self, event):
        delegation = DelegationFactory(event=event)
        head = RegistrationFactory(event=event)

        delegation_set_head(delegation=delegation, registration=head, actor=Actor.system())

        message = Message.objects.get(kind="registration.delegation_link")
        assert message.recipient == head.email
        assert delegation.secret_token in message.body_text


def test_the_officers_list_gives_each_heads_private_page_as_a_full_address(client, event, settings):
    settings.SITE_URL = "https://summit.example/"
    delegation = DelegationFactory(event=event)
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)

    page = client.get("/manage/unity/delegations/").content.decode()

    assert f'value="https://summit.example/d/{delegation.secret_token}/"' in page


def test_completeness_counts_members_by_status(event):
    delegation = DelegationFactory(event=event, quota=5)
    RegistrationFactory(event=event, delegation=delegation, status="approved")
    RegistrationFactory(event=event, delegation=delegation, status="pending")
    RegistrationFactory(event=event, delegation=delegation, status="cancelled")

    [row] = delegations_completeness(event=event)

    assert (row.active, row.approved, row.pending, row.free) == (2, 1, 1, 3)


class TestInvitations:
    def test_parsing_keeps_valid_unique_addresses_and_names_bad_rows(self):
        parsed = invitation_emails_parse(
            "email,name\na@example.org,A\nA@example.org,again\nnot-an-email\n\nb@example.org"
        )

        assert parsed.emails == ["a@example.org", "b@example.org"]
        assert len(parsed.errors) == 1
        assert "Row 4" in parsed.errors[0]

    def test_bulk_invitations_are_locked_to_each_address_and_sent(self, event):
        vip = CategoryFactory(event=event, slug="vip", invitation_only=True)

        invitations = invitations_create_for_emails(
            event=event,
            category=vip,
            emails=["a@example.org", "b@example.org"],
            actor=Actor.system(),
            skips_approval=True,
        ).created

        assert [i.email for i in invitations] == ["a@example.org", "b@example.org"]
        assert all(i.max_uses == 1 and i.sent_at for i in Invitation.objects.all())
        sent = Message.objects.filter(kind="registration.invitation")
        assert sent.count() == 2
        assert invitations[0].code in sent.get(recipient="a@example.org").body_text

    def test_an_expiry_in_the_past_is_refused(self, event):
        vip = CategoryFactory(event=event, invitation_only=True)

        with pytest.raises(RegistrationError, match="future"):
            invitations_create_for_emails(
                event=event,
                category=vip,
                emails=["a@example.org"],
                actor=Actor.system(),
                expires_at=timezone.now() - timedelta(days=1),
            )
        assert not Invitation.objects.exists()

    def test_the_organizer_page_creates_codes_from_a_csv_file(self, client, event):
        vip = CategoryFactory(event=event, slug="vip", invitation_only=True)
        officer = UserFactory()
        team_member_add(event=event, user=officer, role=Role.ACCREDITATION)
        client.force_login(officer)
        csv_file = SimpleUploadedFile("guests.csv", b"email\nminister@example.org\n")

        client.post(
            "/manage/unity/invitations/",
            {"category": vip.pk, "emails_file": csv_file, "language": "ar"},
        )

        invitation = Invitation.objects.get()
        assert invitation.email == "minister@example.org"
        assert Message.objects.get(kind="registration.invitation").language == "ar"

    def test_the_organizer_page_refuses_a_list_with_bad_rows_and_creates_nothing(
        self, client, event
    ):
        vip = CategoryFactory(event=event, slug="vip", invitation_only=True)
        officer = UserFactory()
        team_member_add(event=event, user=officer, role=Role.ACCREDITATION)
        client.force_login(officer)

        response = client.post(
            "/manage/unity/invitations/",
            {"category": vip.pk, "emails": "ok@example.org\nbroken@", "language": "en"},
        )

        assert response.status_code == 400
        assert "not a valid email address" in response.content.decode()
        assert not Invitation.objects.exists()

    def test_a_shared_code(self, client, event):
        vip = CategoryFactory(event=event, slug="vip", invitation_only=True)
        officer = UserFactory()
        team_member_add(event=event, user=officer, role=Role.ADMIN)
        client.force_login(officer)

        client.post(
            "/manage/unity/invitations/",
            {"category": vip.pk, "shared_uses": 25, "language": "en"},
        )

        assert Invitation.objects.get().max_uses == 25


def test_seed_demo_adds_registrations_across_statuses_and_delegations():
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    count = Registration.objects.count()
    call_command("seed_demo", stdout=StringIO())

    assert Registration.objects.count() == count >= 200
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert statuses >= {"approved", "pending", "rejected", "waitlisted", "cancelled", "vetting"}
    assert Registration.objects.exclude(delegation=None).count() >= 24
    assert Registration.objects.values("country").distinct().count() >= 10
    categories = set(Registration.objects.values_list("category__slug", flat=True))
    assert categories == {
        "delegate",
        "speaker",
        "media",
        "head-of-delegation",
        "private-sector",
        "security-official",
    }
    vetting = set(Registration.objects.values_list("vetting_state", flat=True))
    assert vetting >= {"cleared", "submitted", "more_information", "refused", "awaiting_export"}
    assert Registration.objects.filter(protocol_rank__slug="head-of-state").count() == 1
    assert Registration.objects.filter(title="he_state", name_ar__gt="").exists()
