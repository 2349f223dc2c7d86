"""The delegations' settings pages, /manage/<slug>/settings/delegations/…, for admins."""

import pytest
from django.urls import reverse

from events.audit.models import AuditEntry
from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.delegations.models import Delegation, DelegationQuota
from registrations.registration.models import Status
from tests.conftest import OrganizerClient
from tests.factories import DelegationFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return make_summit("unity")


def signed_in(summit, role=Role.ADMIN) -> OrganizerClient:
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=role)
    client = OrganizerClient()
    client.force_login(user)
    return client


@pytest.fixture
def admin(summit):
    return signed_in(summit)


def settings_url(summit) -> str:
    return reverse("manage_registrations:delegation-settings", kwargs={"slug": summit.event.slug})


def create_url(summit) -> str:
    return reverse("manage_registrations:delegation-create", kwargs={"slug": summit.event.slug})


def edit_url(summit, delegation) -> str:
    return reverse(
        "manage_registrations:delegation-edit",
        kwargs={"slug": summit.event.slug, "delegation_id": delegation.pk},
    )


def form(**overrides) -> dict:
    return {
        "name_en": "Jordan",
        "name_ar": "الأردن",
        "kind": "country",
        "country": "JO",
        "quota": "10",
        "head": "",
        "quota_delegate": "5",
        "quota_speaker": "",
        **overrides,
    }


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_list_shows_each_delegation_with_places_used_and_allowed(admin, summit):
    delegation = DelegationFactory(event=summit.event, name={"en": "Bahrain"})
    DelegationQuota.objects.create(delegation=delegation, category=summit.delegate, allowed=4)
    RegistrationFactory(event=summit.event, category=summit.delegate, delegation=delegation)

    response = admin.get(settings_url(summit))

    assert response.status_code == 200
    page = text(response)
    assert "Bahrain" in page
    assert "Delegate 1 of 4" in page
    assert edit_url(summit, delegation) in page
    assert 'aria-current="page">Delegations</a>' in page
    assert create_url(summit) in page


def test_an_admin_adds_a_delegation_with_its_head_and_quotas(admin, summit):
    head = RegistrationFactory(
        event=summit.event, category=summit.speaker, status=Status.APPROVED, last_name="Zaid"
    )
    page = admin.get(create_url(summit))
    assert page.status_code == 200
    assert f'<option value="{head.reference}">' in page.content.decode()  # a suggestion

    response = admin.post(create_url(summit), form(head=head.reference, quota_speaker="1"))

    assert response.status_code == 302
    assert response["Location"] == settings_url(summit)
    delegation = Delegation.objects.get(event=summit.event)
    assert delegation.name.as_dict() == {"en": "Jordan", "ar": "الأردن"}
    assert delegation.country == "JO"
    assert delegation.head == head
    assert {q.category.slug: q.allowed for q in delegation.quotas.all()} == {
        "delegate": 5,
        "speaker": 1,
    }
    assert AuditEntry.objects.filter(action="delegation.created").exists()
    assert "The delegation “Jordan” is added." in text(admin.get(settings_url(summit)))


def test_the_edit_page_shows_the_quotas_and_clears_one_left_empty(admin, summit):
    delegation = DelegationFactory(event=summit.event, name={"en": "Oman"})
    DelegationQuota.objects.create(delegation=delegation, category=summit.delegate, allowed=3)
    DelegationQuota.objects.create(delegation=delegation, category=summit.speaker, allowed=1)
    RegistrationFactory(event=summit.event, category=summit.delegate, delegation=delegation)

    page = admin.get(edit_url(summit, delegation))
    response = admin.post(
        edit_url(summit, delegation), form(name_en="Oman", quota_delegate="4", quota_speaker="")
    )

    assert page.status_code == 200
    assert 'name="quota_delegate" value="3"' in page.content.decode()
    assert "Used: 1 of 3" in text(page)
    assert response.status_code == 302
    assert {q.category.slug: q.allowed for q in delegation.quotas.all()} == {"delegate": 4}


AT_LEAST_0 = "Ensure this value is greater than or equal to 0."
NOT_A_COUNTRY = "Select a valid choice. XX is not one of the available choices."
BELOW_USED = (
    "1 member of this delegation already holds a place in “Delegate”: the quota cannot be lower."
)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quota_delegate": "-1"}, "quota_delegate", AT_LEAST_0),
        ({"quota_delegate": "0"}, "quota_delegate", BELOW_USED),
        ({"head": "UNI-NOSUCH"}, "head", "No registration of this summit has this reference."),
        ({"name_en": "egypt"}, "name", "This summit already has a delegation named “Egypt”."),
        ({"country": "XX"}, "country", NOT_A_COUNTRY),
    ],
)
def test_bad_input_is_refused_beside_its_field(admin, summit, overrides, field, message):
    DelegationFactory(event=summit.event, name={"en": "Egypt"})
    delegation = DelegationFactory(event=summit.event, name={"en": "Oman"})
    RegistrationFactory(event=summit.event, category=summit.delegate, delegation=delegation)

    response = admin.post(edit_url(summit, delegation), form(**{"name_en": "Oman", **overrides}))

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error">{message}' in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert not DelegationQuota.objects.exists()
    delegation.refresh_from_db()
    assert str(delegation.name) == "Oman"


def test_a_head_of_another_summit_is_refused(admin, summit):
    other = make_summit("elsewhere")
    stranger = RegistrationFactory(event=other.event, category=other.delegate)

    response = admin.post(create_url(summit), form(head=stranger.reference))

    assert response.status_code == 400
    assert 'id="id_head-error">No registration of this summit has this reference.' in (
        response.content.decode()
    )
    assert not Delegation.objects.exists()


def test_deleting_asks_first_then_deletes(admin, summit):
    delegation = DelegationFactory(event=summit.event, name={"en": "Chad"})
    DelegationQuota.objects.create(delegation=delegation, category=summit.delegate, allowed=3)

    asked = admin.post(edit_url(summit, delegation), {"delete": "1"})
    assert asked.status_code == 200
    assert "Delete the delegation “Chad”?" in text(asked)
    assert Delegation.objects.filter(pk=delegation.pk).exists()

    response = admin.post(edit_url(summit, delegation), {"delete": "1", "confirm": "1"})

    assert response.status_code == 302
    assert not Delegation.objects.filter(pk=delegation.pk).exists()
    assert "The delegation “Chad” is deleted." in text(admin.get(settings_url(summit)))


def test_a_delegation_with_members_is_not_deleted_and_the_page_says_why(admin, summit):
    delegation = DelegationFactory(event=summit.event, name={"en": "Chad"})
    RegistrationFactory(event=summit.event, category=summit.delegate, delegation=delegation)

    response = admin.post(edit_url(summit, delegation), {"delete": "1", "confirm": "1"})

    assert response.status_code == 409
    assert "“Chad” cannot be deleted: it is still used by registrations (1)." in text(response)
    assert Delegation.objects.filter(pk=delegation.pk).exists()


def test_a_delegation_of_another_summit_is_not_found(admin, summit):
    foreign = DelegationFactory(event=make_summit("elsewhere").event)

    assert admin.get(edit_url(summit, foreign)).status_code == 404
    assert admin.post(edit_url(summit, foreign), {"delete": "1", "confirm": "1"}).status_code == 404
    assert Delegation.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_only_admins_set_delegations_up(summit, role):
    client = signed_in(summit, role)
    delegation = DelegationFactory(event=summit.event)

    answers = [
        client.get(settings_url(summit)),
        client.post(create_url(summit), form()),
        client.post(edit_url(summit, delegation), {"delete": "1", "confirm": "1"}),
    ]

    assert [answer.status_code for answer in answers] == [403] * 3
    assert Delegation.objects.count() == 1


def test_the_officers_list_links_to_the_setup_for_admins_only(summit):
    DelegationFactory(event=summit.event, name={"en": "Bahrain"})
    url = reverse("manage_registrations:delegations", kwargs={"slug": summit.event.slug})

    for_admin = signed_in(summit).get(url).content.decode()
    for_officer = signed_in(summit, Role.ACCREDITATION).get(url).content.decode()

    assert settings_url(summit) in for_admin
    assert settings_url(summit) not in for_officer
    assert "Bahrain" in for_officer
