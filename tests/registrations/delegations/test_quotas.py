"""Quotas per category: enforced wherever a member takes a place in a delegation."""

import pytest

from events.audit.services import Actor
from events.teams.models import Role
from events.tokens.services import api_token_issue
from registrations.delegations.models import DelegationQuota
from registrations.delegations.quotas import quota_uses
from registrations.delegations.services import delegation_set_head
from registrations.registration.errors import RegistrationError, TransitionNotAllowed
from registrations.registration.models import Registration, Status
from registrations.registration.services import registration_approve, registration_cancel
from tests.factories import CategoryFactory, DelegationFactory, EventFactory, RegistrationFactory
from tests.registrations.delegations.test_delegations_invitations import member_form

pytestmark = pytest.mark.django_db

FULL = "The delegation “Jordan” has no places left in the category “Delegate” (2 of 2 used)."


@pytest.fixture
def event():
    return EventFactory(slug="unity")


@pytest.fixture
def delegate(event):
    return CategoryFactory(
        event=event, slug="delegate", name={"en": "Delegate"}, requires_approval=True
    )


@pytest.fixture
def delegation(event, delegate):
    delegation = DelegationFactory(event=event, name={"en": "Jordan"}, quota=20)
    DelegationQuota.objects.create(delegation=delegation, category=delegate, allowed=2)
    return delegation


def members(event, delegation, category, count, status=Status.APPROVED):
    return [
        RegistrationFactory(event=event, category=category, delegation=delegation, status=status)
        for _ in range(count)
    ]


def test_the_head_registers_members_up_to_the_quota_then_reads_why_not(
    client, event, delegate, delegation
):
    members(event, delegation, delegate, 1, status=Status.PENDING)

    first = client.post(delegation.get_absolute_url(), member_form(), follow=True)
    refused = client.post(delegation.get_absolute_url(), member_form(email="second@example.org"))

    assert first.status_code == 200
    assert Registration.objects.filter(delegation=delegation).count() == 2
    assert refused.status_code == 400
    page = refused.content.decode()
    assert FULL in page
    assert 'id="id_category-error"' in page  # beside the category chosen
    assert Registration.objects.filter(delegation=delegation).count() == 2


def test_the_heads_page_shows_places_used_and_allowed_per_category(
    client, event, delegate, delegation
):
    members(event, delegation, delegate, 1)

    page = client.get(delegation.get_absolute_url()).content.decode()

    assert "Places per category" in page
    assert "Delegate 1 of 2" in " ".join(page.split())


def test_a_member_joining_by_code_through_the_api_is_refused_beyond_the_quota(
    api_client, event, delegate, delegation
):
    members(event, delegation, delegate, 2)
    token = api_token_issue(event=event, role=Role.ACCREDITATION, label="desk")[1]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        {**member_form(consent=True), "delegation": delegation.join_code},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"category": [FULL]}


def test_other_categories_and_other_delegations_are_not_limited(event, delegate, delegation):
    speaker = CategoryFactory(event=event, slug="speaker")
    members(event, delegation, delegate, 2)
    members(event, delegation, speaker, 3)
    other = DelegationFactory(event=event)
    members(event, other, delegate, 4)

    uses = {
        use.category.slug: use
        for use in quota_uses(event=event, delegations=[delegation])[delegation.pk]
    }

    assert (uses["delegate"].used, uses["delegate"].allowed, uses["delegate"].full) == (2, 2, True)
    assert (uses["speaker"].used, uses["speaker"].allowed, uses["speaker"].full) == (3, None, False)


def test_members_who_hold_no_place_do_not_use_the_quota(client, event, delegate, delegation):
    members(event, delegation, delegate, 1)
    for status in (Status.WAITLISTED, Status.REJECTED, Status.CANCELLED, Status.REVOKED):
        members(event, delegation, delegate, 1, status=status)

    response = client.post(delegation.get_absolute_url(), member_form(), follow=True)

    assert response.status_code == 200
    assert Registration.objects.filter(delegation=delegation, email="omar@example.org").exists()


def test_approving_a_waitlisted_member_beyond_the_quota_is_refused(event, delegate, delegation):
    members(event, delegation, delegate, 2)
    (waiting,) = members(event, delegation, delegate, 1, status=Status.WAITLISTED)

    with pytest.raises(TransitionNotAllowed) as refusal:
        registration_approve(registration_id=waiting.pk, actor=Actor.system())

    assert refusal.value.message == FULL
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_the_waiting_list_skips_a_member_whose_delegation_is_full(event, delegate, delegation):
    delegate.capacity = 3
    delegate.save()
    holding = members(event, delegation, delegate, 2)
    outsider = RegistrationFactory(event=event, category=delegate, status=Status.APPROVED)
    (waiting_member,) = members(event, delegation, delegate, 1, status=Status.WAITLISTED)
    waiting_outsider = RegistrationFactory(event=event, category=delegate, status=Status.WAITLISTED)

    registration_cancel(registration_id=outsider.pk, actor=Actor.system())
    waiting_member.refresh_from_db()
    waiting_outsider.refresh_from_db()
    # The older waiting member's delegation is full: the place goes to the next in line.
    assert waiting_member.status == Status.WAITLISTED
    assert waiting_outsider.status == Status.PENDING

    registration_cancel(registration_id=holding[0].pk, actor=Actor.system())
    waiting_member.refresh_from_db()
    assert waiting_member.status == Status.PENDING


def test_a_head_who_would_exceed_the_quota_is_refused(event, delegate, delegation):
    members(event, delegation, delegate, 2)
    newcomer = RegistrationFactory(event=event, category=delegate, status=Status.APPROVED)

    with pytest.raises(RegistrationError) as refusal:
        delegation_set_head(delegation=delegation, registration=newcomer, actor=Actor.system())

    assert refusal.value.field == "head"
    assert refusal.value.message == FULL
    newcomer.refresh_from_db()
    delegation.refresh_from_db()
    assert newcomer.delegation is None
    assert delegation.head is None


def test_a_member_already_in_the_delegation_may_become_its_head(event, delegate, delegation):
    first, _second = members(event, delegation, delegate, 2)

    delegation_set_head(delegation=delegation, registration=first, actor=Actor.system())

    delegation.refresh_from_db()
    assert delegation.head == first
