"""The delegations' setup API: what an admin's client reads, writes and is refused."""

import pytest
from django.utils import translation

from events.audit.models import AuditEntry
from events.teams.models import Role
from registrations.delegations.models import Delegation, DelegationQuota
from registrations.registration.models import Invitation, Status
from tests.events.setup.test_api import names
from tests.factories import CategoryFactory, DelegationFactory, RegistrationFactory
from tests.registrations.checkin_fixtures import make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return make_summit("unity")


@pytest.fixture
def admin(api_client, summit):
    api_client.credentials(**summit.bearer(Role.ADMIN))
    return api_client


def url(summit, path: str = "") -> str:
    return f"/api/v1/events/{summit.event.slug}/delegations/{path}"


def member(summit, delegation, *, category=None, status=Status.APPROVED, **fields):
    return RegistrationFactory(
        event=summit.event,
        category=category or summit.delegate,
        delegation=delegation,
        status=status,
        **fields,
    )


def test_an_admin_adds_a_delegation_with_its_head_and_quotas(admin, summit):
    head = RegistrationFactory(event=summit.event, category=summit.speaker, first_name="Amina")

    response = admin.post(
        url(summit),
        {
            "name": {"en": "Jordan", "ar": "الأردن"},
            "kind": "country",
            "country": "JO",
            "quota": 12,
            "head": head.reference.lower(),
            "quotas": {"delegate": 5, "speaker": 1},
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    delegation = Delegation.objects.get(event=summit.event)
    assert body == {
        "id": delegation.pk,
        "name": names(en="Jordan", ar="الأردن"),
        "name_text": "Jordan",
        "kind": "country",
        "country": "JO",
        "quota": 12,
        "head": head.reference,
        "head_name": head.display_name,
        "quotas": {"delegate": 5, "speaker": 1},
        "used": {"delegate": 0, "speaker": 1},
        "join_code": delegation.join_code,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    head.refresh_from_db()
    assert head.delegation == delegation  # the head joins their delegation
    assert admin.get(url(summit, f"{delegation.pk}/")).json() == body
    entry = AuditEntry.objects.get(action="delegation.created")
    assert entry.data["quotas"] == {"delegate": 5, "speaker": 1}
    assert entry.actor_token is not None


def test_a_delegation_needs_only_a_name(admin, summit):
    response = admin.post(url(summit), {"name": {"en": "Interpol"}}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["head"] is None
    assert body["head_name"] is None
    assert body["quotas"] == {}
    assert body["kind"] == "country"
    assert body["country"] == ""


def test_delegations_are_listed_in_pages_with_the_places_each_uses(admin, summit):
    first = DelegationFactory(event=summit.event, name={"en": "Bahrain"})
    DelegationFactory(event=summit.event, name={"en": "Chile"})
    DelegationQuota.objects.create(delegation=first, category=summit.delegate, allowed=3)
    member(summit, first)
    member(summit, first, status=Status.PENDING)
    member(summit, first, status=Status.WAITLISTED)  # holds no place
    member(summit, first, status=Status.CANCELLED)

    page = admin.get(url(summit, "?page_size=1"))
    second = admin.get(page.json()["next"])

    assert page.status_code == 200
    body = page.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    assert body["results"][0]["name_text"] == "Bahrain"
    assert body["results"][0]["quotas"] == {"delegate": 3}
    assert body["results"][0]["used"] == {"delegate": 2, "speaker": 0}
    assert second.json()["results"][0]["name_text"] == "Chile"
    assert second.json()["results"][0]["used"] == {"delegate": 0, "speaker": 0}


def test_patch_replaces_the_quotas_it_names_and_keeps_the_others(admin, summit):
    delegation = DelegationFactory(event=summit.event)
    DelegationQuota.objects.create(delegation=delegation, category=summit.delegate, allowed=3)
    DelegationQuota.objects.create(delegation=delegation, category=summit.speaker, allowed=1)

    response = admin.patch(
        url(summit, f"{delegation.pk}/"), {"quotas": {"delegate": 8}}, format="json"
    )
    lifted = admin.patch(
        url(summit, f"{delegation.pk}/"), {"quotas": {"speaker": None}}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["quotas"] == {"delegate": 8, "speaker": 1}
    assert lifted.json()["quotas"] == {"delegate": 8}
    entry = AuditEntry.objects.filter(action="delegation.updated").order_by("pk").first()
    assert entry.data == {"fields": ["quotas"], "quotas": {"delegate": 8}}


def test_patch_changes_the_name_and_the_head(admin, summit):
    delegation = DelegationFactory(event=summit.event, name={"en": "Oman"})
    old = member(summit, delegation)
    Delegation.objects.filter(pk=delegation.pk).update(head=old)
    new = RegistrationFactory(event=summit.event, category=summit.delegate)

    response = admin.patch(
        url(summit, f"{delegation.pk}/"),
        {"name": {"en": "Sultanate of Oman", "fr": "Sultanat d'Oman"}, "head": new.reference},
        format="json",
    )
    cleared = admin.patch(url(summit, f"{delegation.pk}/"), {"head": None}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["name"] == names(en="Sultanate of Oman", fr="Sultanat d'Oman")
    assert response.json()["head"] == new.reference
    assert cleared.json()["head"] is None
    old.refresh_from_db()
    assert old.delegation == delegation  # the former head stays a member


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"name": {"en": "X"}, "quotas": {"observer": 2}},
            {"quotas": {"observer": ["This summit has no category with the slug “observer”."]}},
        ),
        (
            {"name": {"en": "X"}, "quotas": {"delegate": -1}},
            {"quotas": {"delegate": ["Enter a whole number of places, 0 or more."]}},
        ),
        (
            {"name": {"en": "X"}, "quotas": {"delegate": "5"}},
            {"quotas": {"delegate": ["Enter a whole number of places, 0 or more."]}},
        ),
        (
            {"name": {"en": "X"}, "quotas": [5]},
            {"quotas": ["Enter an object keyed by category slug."]},
        ),
        (
            {"name": {"en": "X"}, "head": "UNI-NOSUCH"},
            {"head": ["No registration of this summit has this reference."]},
        ),
        (
            {"name": {"en": "X"}, "country": "XX"},
            {"country": ["“XX” is not an ISO 3166-1 alpha-2 country code."]},
        ),
        ({"name": {"en": "X"}, "kind": "club"}, {"kind": ['"club" is not a valid choice.']}),
        (
            {"name": {"en": "X"}, "quota": -2},
            {"quota": ["Ensure this value is greater than or equal to 0."]},
        ),
    ],
)
def test_a_bad_delegation_is_refused_naming_the_field(admin, summit, body, errors):
    response = admin.post(url(summit), body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not Delegation.objects.exists()


def test_a_head_of_another_summit_is_refused(admin, summit):
    other = make_summit("elsewhere")
    stranger = RegistrationFactory(event=other.event, category=other.delegate)

    response = admin.post(
        url(summit), {"name": {"en": "Peru"}, "head": stranger.reference}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"head": ["No registration of this summit has this reference."]}
    stranger.refresh_from_db()
    assert stranger.delegation is None


def test_a_head_of_another_delegation_is_refused(admin, summit):
    elsewhere = DelegationFactory(event=summit.event, name={"en": "Kuwait"})
    person = member(summit, elsewhere, first_name="Omar", last_name="Haddad")

    response = admin.post(
        url(summit), {"name": {"en": "Qatar"}, "head": person.reference}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"head": ["Omar Haddad is a member of the delegation “Kuwait”."]}


def test_a_duplicate_name_is_refused_in_any_letter_case_and_language(admin, summit):
    DelegationFactory(event=summit.event, name={"en": "Egypt", "fr": "Égypte"})

    english = admin.post(url(summit), {"name": {"en": "EGYPT"}}, format="json")
    french = admin.post(url(summit), {"name": {"en": "Misr", "fr": "égypte"}}, format="json")

    assert english.status_code == 400
    assert english.json() == {"name": ["This summit already has a delegation named “Egypt”."]}
    assert french.json() == {"name": ["This summit already has a delegation named “Égypte”."]}


def test_a_quota_below_the_places_used_is_refused(admin, summit):
    delegation = DelegationFactory(event=summit.event)
    member(summit, delegation)
    member(summit, delegation, status=Status.PENDING)

    response = admin.patch(
        url(summit, f"{delegation.pk}/"), {"quotas": {"delegate": 1}}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "quotas": {
            "delegate": [
                "2 members of this delegation already hold a place in “Delegate”: "
                "the quota cannot be lower."
            ]
        }
    }
    assert not DelegationQuota.objects.exists()


def test_field_errors_come_in_the_readers_language(admin, summit):
    response = admin.post(
        url(summit),
        {"name": {"en": "X"}, "quotas": {"delegate": -1}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    with translation.override("fr"):
        expected = translation.gettext("Enter a whole number of places, 0 or more.")
    assert response.json() == {"quotas": {"delegate": [expected]}}


def test_an_unused_delegation_is_deleted_with_its_quotas(admin, summit):
    delegation = DelegationFactory(event=summit.event, name={"en": "Chad"})
    DelegationQuota.objects.create(delegation=delegation, category=summit.delegate, allowed=3)

    response = admin.delete(url(summit, f"{delegation.pk}/"))

    assert response.status_code == 204
    assert not Delegation.objects.exists()
    assert not DelegationQuota.objects.exists()
    assert AuditEntry.objects.get(action="delegation.deleted").data == {
        "name": "Chad",
        "country": "AE",
    }


def test_a_delegation_with_members_and_invitations_is_not_deleted_and_the_answer_says_why(
    admin, summit
):
    delegation = DelegationFactory(event=summit.event, name={"en": "Chad"})
    DelegationQuota.objects.create(delegation=delegation, category=summit.delegate, allowed=3)
    member(summit, delegation)
    member(summit, delegation, status=Status.CANCELLED)
    Invitation.objects.create(
        event=summit.event, category=summit.delegate, delegation=delegation, code="INV-CHAD"
    )

    response = admin.delete(url(summit, f"{delegation.pk}/"))

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "in_use"
    assert sorted(body["uses"], key=lambda use: use["what"]) == [
        {"what": "invitations", "count": 1},
        {"what": "registrations", "count": 2},
    ]
    assert body["detail"].startswith("“Chad” cannot be deleted: it is still used by ")
    assert Delegation.objects.filter(pk=delegation.pk).exists()
    assert DelegationQuota.objects.count() == 1
    assert not AuditEntry.objects.filter(action="delegation.deleted").exists()


def test_a_delegation_of_another_summit_is_not_found(admin, summit):
    other = make_summit("elsewhere")
    foreign = DelegationFactory(event=other.event)

    assert admin.get(url(summit, f"{foreign.pk}/")).status_code == 404
    assert admin.delete(url(summit, f"{foreign.pk}/")).status_code == 404
    assert Delegation.objects.filter(pk=foreign.pk).exists()


def test_a_category_with_delegation_quotas_is_not_deleted_silently(admin, summit):
    observer = CategoryFactory(event=summit.event, slug="observer", name={"en": "Observer"})
    delegation = DelegationFactory(event=summit.event)
    DelegationQuota.objects.create(delegation=delegation, category=observer, allowed=2)

    response = admin.delete(f"/api/v1/events/{summit.event.slug}/categories/{observer.pk}/")

    assert response.status_code == 409
    assert response.json()["uses"] == [{"what": "delegation quotas", "count": 1}]


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_other_roles_are_refused_every_operation(api_client, summit, role):
    delegation = DelegationFactory(event=summit.event)
    api_client.credentials(**summit.bearer(role))
    one = url(summit, f"{delegation.pk}/")

    answers = [
        api_client.get(url(summit)),
        api_client.post(url(summit), {"name": {"en": "X"}}, format="json"),
        api_client.get(one),
        api_client.patch(one, {"quotas": {"delegate": 9}}, format="json"),
        api_client.delete(one),
    ]

    assert [answer.status_code for answer in answers] == [403] * 5
    assert not DelegationQuota.objects.exists()
    assert Delegation.objects.count() == 1


def test_anonymous_callers_and_other_summits_admins_are_refused(api_client, summit):
    delegation = DelegationFactory(event=summit.event)
    one = url(summit, f"{delegation.pk}/")

    anonymous = [api_client.get(url(summit)), api_client.delete(one)]
    api_client.credentials(**make_summit("elsewhere").bearer(Role.ADMIN))
    other = [api_client.get(url(summit)), api_client.delete(one)]

    assert [answer.status_code for answer in anonymous] == [401, 401]
    assert [answer.status_code for answer in other] == [403, 403]
    assert Delegation.objects.filter(pk=delegation.pk).exists()
