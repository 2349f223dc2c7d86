"""What cannot be undone asks first: a confirmation page that says what will happen.

Deleting one's data, cancelling one's registration, a head removing a member, an
officer rejecting or revoking, and reissuing a badge: the page's button opens a
confirmation (plain form, no script); only a POST with `confirm=yes` acts. The old
one-click POST (without it) shows the confirmation and changes nothing.
"""

import pytest

from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.registration.models import Status
from tests.conftest import OrganizerClient
from tests.factories import DelegationFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db
YES = {"confirm": "yes"}


def text(response) -> str:
    return response.content.decode()


def officer_client(event, role=Role.ACCREDITATION) -> OrganizerClient:
    user = UserFactory()
    team_member_add(event=event, user=user, role=role)
    client = OrganizerClient()
    client.force_login(user)
    return client


# --- The registrant: delete my data, cancel my registration ----------------------------------


def test_the_deletion_confirmation_says_whose_data_goes_and_what_follows(client):
    summit = make_summit()
    registration, _code = approved(summit, first_name="Fatima", last_name="Al Kaabi")

    page = text(client.get(f"/me/{registration.secret_token}/delete/"))

    assert "Fatima" in page
    assert "Al Kaabi" in page
    assert registration.reference in page
    assert "will be cancelled and erased" in page
    assert "Your badge stops working at the doors." in page
    assert "This cannot be undone." in page
    assert 'name="confirm" value="yes"' in page
    assert "button-danger" in page
    assert f'href="/me/{registration.secret_token}/"' in page  # Cancel goes back


def test_the_old_one_click_deletion_erases_nothing(client):
    registration = RegistrationFactory(first_name="Fatima")

    response = client.post(f"/me/{registration.secret_token}/delete/")

    assert response.status_code == 200
    assert "Delete my data for good" in text(response)
    registration.refresh_from_db()
    assert registration.personal_data_erased_at is None
    assert registration.first_name == "Fatima"
    assert registration.status == Status.PENDING


def test_the_confirmed_deletion_erases(client):
    registration = RegistrationFactory(first_name="Fatima")

    response = client.post(f"/me/{registration.secret_token}/delete/", YES)

    assert "Your data is deleted" in text(response)
    registration.refresh_from_db()
    assert registration.personal_data_erased_at is not None
    assert registration.first_name == ""


def test_the_confirmed_deletion_still_needs_the_csrf_token():
    registration = RegistrationFactory()
    client = OrganizerClient(enforce_csrf_checks=True)

    response = client.post(f"/me/{registration.secret_token}/delete/", YES)

    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.personal_data_erased_at is None


def test_the_danger_zone_is_below_the_details_form(client):
    registration = RegistrationFactory()

    page = text(client.get(f"/me/{registration.secret_token}/"))

    assert page.index("Save changes") < page.index('class="danger-actions"')
    assert page.index('class="danger-actions"') < page.index("Delete my data…")
    assert page.index('class="danger-actions"') < page.index("Cancel my registration…")


def test_cancelling_ones_registration_asks_first(client):
    registration = RegistrationFactory(status=Status.APPROVED, first_name="Fatima")
    url = f"/me/{registration.secret_token}/cancel/"

    page = text(client.get(url))
    unconfirmed = client.post(url)
    registration.refresh_from_db()
    status_after_unconfirmed = registration.status
    client.post(url, YES)

    assert "Fatima" in page
    assert registration.reference in page
    assert "will be cancelled." in page
    assert unconfirmed.status_code == 200
    assert status_after_unconfirmed == Status.APPROVED
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


# --- The head of delegation: remove a member -------------------------------------------------


def test_removing_a_member_names_them_and_needs_the_confirmation(client):
    delegation = DelegationFactory(name={"en": "Oman"})
    member = RegistrationFactory(
        event=delegation.event,
        delegation=delegation,
        status=Status.APPROVED,
        first_name="Salim",
        last_name="Al Harthy",
    )
    url = f"/d/{delegation.secret_token}/members/{member.reference}/remove/"

    page = text(client.get(url))
    client.post(url)
    member.refresh_from_db()
    after_unconfirmed = member.status
    client.post(url, YES)

    assert "Salim" in page
    assert "Al Harthy" in page
    assert "Oman" in page
    assert "Their badge stops working at the doors." in page
    assert after_unconfirmed == Status.APPROVED
    member.refresh_from_db()
    assert member.status == Status.CANCELLED


def test_the_delegation_page_links_remove_to_the_confirmation(client):
    delegation = DelegationFactory()
    member = RegistrationFactory(event=delegation.event, delegation=delegation)

    page = text(client.get(f"/d/{delegation.secret_token}/"))

    assert f'href="/d/{delegation.secret_token}/members/{member.reference}/remove/"' in page
    assert f'action="/d/{delegation.secret_token}/members/{member.reference}/remove/"' not in page


def test_the_head_cannot_be_offered_for_removal(client):
    head = RegistrationFactory()
    delegation = DelegationFactory(event=head.event, head=head)
    head.delegation = delegation
    head.save()

    response = client.get(f"/d/{delegation.secret_token}/members/{head.reference}/remove/")

    assert response.status_code == 404


# --- The officer: reject, revoke, reissue ----------------------------------------------------


def test_rejecting_shows_the_consequences_and_keeps_the_reason():
    registration = RegistrationFactory(first_name="Fatima", last_name="Al Kaabi")
    client = officer_client(registration.event)
    url = f"/manage/{registration.event.slug}/registrations/{registration.reference}/reject/"

    response = client.post(url, {"reason": "Not eligible", "reason_visible": "on"})

    page = text(response)
    assert response.status_code == 200
    assert "Fatima" in page
    assert "Al Kaabi" in page
    assert registration.reference in page
    assert "will be rejected" in page
    assert "Not eligible" in page  # the reason typed on the registration page comes along
    assert "checked" in page.split('name="reason_visible"', 1)[1].split(">", 1)[0]
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def test_the_confirmed_rejection_rejects_with_the_reason():
    registration = RegistrationFactory()
    client = officer_client(registration.event)
    url = f"/manage/{registration.event.slug}/registrations/{registration.reference}/reject/"

    client.post(url, {"reason": "Not eligible", "reason_visible": "on", **YES})

    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    assert registration.decision_reason == "Not eligible"
    assert registration.reason_visible


def test_revoking_asks_first_and_says_the_badge_stops():
    summit = make_summit()
    registration, _code = approved(summit, first_name="Fatima")
    client = officer_client(summit.event)
    url = f"/manage/{summit.event.slug}/registrations/{registration.reference}/revoke/"

    page = text(client.post(url, {"reason": "Lost trust"}))
    registration.refresh_from_db()
    after_unconfirmed = registration.status
    client.post(url, {"reason": "Lost trust", **YES})

    assert "accreditation" in page
    assert "will be revoked" in page
    assert "Their badge stops working at the doors." in page
    assert after_unconfirmed == Status.APPROVED
    registration.refresh_from_db()
    assert registration.status == Status.REVOKED


def test_approving_stays_one_click():
    registration = RegistrationFactory()
    client = officer_client(registration.event)
    url = f"/manage/{registration.event.slug}/registrations/{registration.reference}/approve/"

    client.post(url, {"reason": ""})

    registration.refresh_from_db()
    assert registration.status == Status.APPROVED


def test_the_detail_page_sets_the_irreversible_decisions_apart():
    registration = RegistrationFactory()
    client = officer_client(registration.event)

    page = text(
        client.get(f"/manage/{registration.event.slug}/registrations/{registration.reference}/")
    )

    danger = page.split('class="button-row danger-actions"', 1)[1].split("</div>", 1)[0]
    assert "Reject…" in danger
    assert "Approve" not in danger


def test_another_role_cannot_reject():
    registration = RegistrationFactory()
    client = officer_client(registration.event, role=Role.CHECKIN)
    url = f"/manage/{registration.event.slug}/registrations/{registration.reference}/reject/"

    response = client.post(url, {"reason": "x", **YES})

    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def test_reissuing_a_badge_asks_first():
    summit = make_summit()
    registration, _code = approved(summit, first_name="Fatima")
    client = officer_client(summit.event)
    url = f"/manage/{summit.event.slug}/badges/{registration.reference}/reissue/"

    page = text(client.post(url, {"reason": "Lost"}))
    unrevoked = registration.badges.get().revoked_at is None
    client.post(url, {"reason": "Lost", **YES})

    assert "Fatima" in page
    assert "version 1 stops working at every door" in page
    assert 'value="Lost"' in page
    assert unrevoked
    assert registration.badges.filter(revoked_at__isnull=True).get().version == 2
