"""The setup API of categories, zones and ranks: what an admin's client reads and is refused."""

import uuid

import pytest

from events.audit.models import AuditEntry
from events.summit.models import AccessZone, ProtocolRank, RegistrationCategory
from events.teams.models import Role
from events.teams.services import team_member_add
from tests.agenda.factories import RoomFactory
from tests.conftest import OrganizerClient
from tests.factories import AccessZoneFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db

ALL_LANGUAGES_EMPTY = {"en": "", "ar": "", "fr": "", "es": ""}


@pytest.fixture
def summit():
    return make_summit("unity")


@pytest.fixture
def admin(api_client, summit):
    api_client.credentials(**summit.bearer(Role.ADMIN))
    return api_client


def url(summit, path: str) -> str:
    return f"/api/v1/events/{summit.event.slug}/{path}"


def names(**texts) -> dict:
    return {**ALL_LANGUAGES_EMPTY, **texts}


# --- Categories ---------------------------------------------------------------------------


def test_categories_are_listed_in_pages_the_drf_way(admin, summit):
    first = admin.get(url(summit, "categories/?page_size=1"))
    second = admin.get(first.json()["next"])

    body = first.json()
    assert first.status_code == 200
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    assert body["previous"] is None
    assert [row["slug"] for row in body["results"] + second.json()["results"]] == [
        "delegate",
        "speaker",
    ]
    assert body["results"][0]["name"] == names(en="Delegate", ar="مندوب")
    assert body["results"][0]["name_text"] == "Delegate"
    assert body["results"][0]["zones"] == ["plenary"]
    assert second.json()["next"] is None


def test_an_admin_adds_a_category_and_reads_it_as_saved(admin, summit):
    response = admin.post(
        url(summit, "categories/"),
        {
            "slug": "minister",
            "name": {"en": "Minister", "ar": "وزير", "fr": "Ministre"},
            "badge_colour": "#7A1F5C",
            "capacity": 40,
            "zones": ["plenary", "vip-lounge"],
            "requires_approval": True,
            "requires_vetting": True,
            "invitation_only": True,
            "is_public": False,
            "allows_waitlist": False,
            "position": 3,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    category = RegistrationCategory.objects.get(event=summit.event, slug="minister")
    assert body == {
        "id": category.pk,
        "slug": "minister",
        "name": names(en="Minister", ar="وزير", fr="Ministre"),
        "name_text": "Minister",
        "badge_colour": "#7A1F5C",
        "capacity": 40,
        "requires_approval": True,
        "requires_vetting": True,
        "invitation_only": True,
        "is_public": False,
        "allows_waitlist": False,
        "position": 3,
        "zones": ["plenary", "vip-lounge"],
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert admin.get(url(summit, f"categories/{category.pk}/")).json() == body
    entry = AuditEntry.objects.get(action="category.created")
    assert entry.object_id == str(category.pk)
    assert entry.actor_token is not None


def test_a_category_needs_only_a_slug_and_a_name(admin, summit):
    response = admin.post(
        url(summit, "categories/"), {"slug": "guest", "name": {"en": "Guest"}}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["zones"] == []
    assert body["capacity"] is None
    assert body["requires_approval"] is True
    assert body["is_public"] is True


def test_an_admin_changes_a_categorys_zones_and_capacity(admin, summit):
    response = admin.patch(
        url(summit, f"categories/{summit.delegate.pk}/"),
        {"zones": ["vip-lounge"], "capacity": 0, "name": {"en": "Delegate", "fr": "Délégué"}},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["zones"] == ["vip-lounge"]
    assert body["capacity"] == 0
    assert body["name"] == names(en="Delegate", fr="Délégué")
    assert body["slug"] == "delegate"
    entry = AuditEntry.objects.get(action="category.updated")
    assert entry.data == {"fields": ["capacity", "name", "zones"]}


def test_an_unused_category_is_deleted(admin, summit):
    unused = RegistrationCategory.objects.create(
        event=summit.event, slug="observer", name={"en": "Observer"}
    )
    unused.zones.set([summit.plenary])

    response = admin.delete(url(summit, f"categories/{unused.pk}/"))

    assert response.status_code == 204
    assert admin.get(url(summit, f"categories/{unused.pk}/")).status_code == 404
    assert summit.plenary.categories.count() == 2  # the zone stays, granted to the others
    entry = AuditEntry.objects.get(action="category.deleted")
    assert entry.data == {"slug": "observer", "name": "Observer"}


def test_a_category_with_registrations_is_not_deleted_and_the_answer_says_why(admin, summit):
    RegistrationFactory(event=summit.event, category=summit.delegate)
    RegistrationFactory(event=summit.event, category=summit.delegate)

    response = admin.delete(url(summit, f"categories/{summit.delegate.pk}/"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "“Delegate” cannot be deleted: it is still used by registrations (2).",
        "code": "in_use",
        "uses": [{"what": "registrations", "count": 2}],
    }
    assert RegistrationCategory.objects.filter(pk=summit.delegate.pk).exists()
    assert not AuditEntry.objects.filter(action="category.deleted").exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"slug": "guest"}, "name", "This field is required."),
        ({"name": {"en": "Guest"}}, "slug", "This field is required."),
        (
            {"slug": "guest", "name": {"ar": "ضيف"}},
            "name",
            "Enter the English text: it is the event's main language.",
        ),
        (
            {"slug": "guest", "name": {"en": "Guest", "xx": "?"}},
            "name",
            "Unknown language: xx.",
        ),
        (
            {"slug": "guest", "name": {"en": "Guest"}, "badge_colour": "red"},
            "badge_colour",
            "Enter a colour as # followed by six hexadecimal digits.",
        ),
        (
            {"slug": "guest", "name": {"en": "Guest"}, "capacity": -1},
            "capacity",
            "Ensure this value is greater than or equal to 0.",
        ),
        (
            {"slug": "guest", "name": {"en": "Guest"}, "zones": ["nowhere"]},
            "zones",
            "Object with slug=nowhere does not exist.",
        ),
        (
            {"slug": "delegate", "name": {"en": "Another delegate"}},
            "slug",
            "This summit already has one with the slug “delegate”.",
        ),
        (
            {"slug": "not a slug", "name": {"en": "Guest"}},
            "slug",
            'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.',
        ),
        (
            {"slug": "guest", "name": {"en": "Guest"}, "is_public": "yes"},
            "is_public",
            "Must be true or false (a JSON boolean).",
        ),
    ],
    ids=[
        "no-name",
        "no-slug",
        "no-main-language",
        "unknown-language",
        "bad-colour",
        "negative-capacity",
        "unknown-zone",
        "duplicate-slug",
        "bad-slug",
        "not-a-boolean",
    ],
)
def test_a_bad_category_is_refused_naming_the_field(admin, summit, body, field, message):
    response = admin.post(url(summit, "categories/"), body, format="json")

    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert RegistrationCategory.objects.filter(event=summit.event).count() == 2


def test_a_zone_of_another_summit_cannot_be_granted(admin, summit):
    elsewhere = AccessZoneFactory(slug="foreign")

    response = admin.patch(
        url(summit, f"categories/{summit.delegate.pk}/"), {"zones": ["foreign"]}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"zones": ["Object with slug=foreign does not exist."]}
    assert list(summit.delegate.zones.all()) == [summit.plenary]
    assert not elsewhere.categories.exists()


def test_renaming_a_slug_to_one_taken_is_refused(admin, summit):
    response = admin.patch(
        url(summit, f"categories/{summit.speaker.pk}/"), {"slug": "delegate"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"slug": ["This summit already has one with the slug “delegate”."]}


def test_field_errors_come_in_the_readers_language(admin, summit):
    response = admin.post(
        url(summit, "categories/"), {"slug": "guest"}, format="json", HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 400
    assert response.json() == {"name": ["Ce champ est obligatoire."]}


def test_a_category_of_another_summit_is_not_found(admin, summit):
    other = make_summit("elsewhere")

    response = admin.get(url(summit, f"categories/{other.delegate.pk}/"))
    change = admin.patch(url(summit, f"categories/{other.delegate.pk}/"), {}, format="json")

    assert response.status_code == 404
    assert change.status_code == 404


# --- Zones --------------------------------------------------------------------------------


def test_an_admin_adds_a_vehicle_gate(admin, summit):
    response = admin.post(
        url(summit, "zones/"),
        {
            "slug": "gate-1",
            "name": {"en": "Vehicle gate", "ar": "بوابة المركبات"},
            "kind": "vehicle",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    zone = AccessZone.objects.get(event=summit.event, slug="gate-1")
    assert body == {
        "id": zone.pk,
        "slug": "gate-1",
        "name": names(en="Vehicle gate", ar="بوابة المركبات"),
        "name_text": "Vehicle gate",
        "colour": "#1F4E79",
        "kind": "vehicle",
        "is_main_entrance": False,
        "position": 0,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert AuditEntry.objects.filter(action="zone.created", object_id=str(zone.pk)).exists()


def test_zones_are_listed_with_the_main_entrance(admin, summit):
    body = admin.get(url(summit, "zones/")).json()

    assert body["count"] == 2
    assert [(row["slug"], row["is_main_entrance"]) for row in body["results"]] == [
        ("plenary", True),
        ("vip-lounge", False),
    ]


def test_a_second_main_entrance_is_refused_naming_the_first(admin, summit):
    created = admin.post(
        url(summit, "zones/"),
        {"slug": "hall-b", "name": {"en": "Hall B"}, "is_main_entrance": True},
        format="json",
    )
    changed = admin.patch(
        url(summit, f"zones/{summit.lounge.pk}/"), {"is_main_entrance": True}, format="json"
    )

    message = "“Plenary hall” is already the main entrance; a summit has one. "
    message += "Make it an ordinary zone first."
    assert created.status_code == 400
    assert created.json() == {"is_main_entrance": [message]}
    assert changed.status_code == 400
    assert changed.json() == {"is_main_entrance": [message]}
    summit.lounge.refresh_from_db()
    assert not summit.lounge.is_main_entrance


def test_the_main_entrance_moves_once_the_first_is_unset(admin, summit):
    unset = admin.patch(
        url(summit, f"zones/{summit.plenary.pk}/"), {"is_main_entrance": False}, format="json"
    )
    moved = admin.patch(
        url(summit, f"zones/{summit.lounge.pk}/"), {"is_main_entrance": True}, format="json"
    )

    assert unset.status_code == 200
    assert moved.status_code == 200
    assert moved.json()["is_main_entrance"] is True
    assert list(AccessZone.objects.filter(is_main_entrance=True)) == [summit.lounge]


def test_a_vehicle_gate_cannot_be_the_main_entrance(admin, summit):
    admin.patch(url(summit, f"zones/{summit.plenary.pk}/"), {"is_main_entrance": False})

    response = admin.post(
        url(summit, "zones/"),
        {"slug": "gate", "name": {"en": "Gate"}, "kind": "vehicle", "is_main_entrance": True},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "is_main_entrance": [
            "A vehicle gate cannot be the main entrance: scans that name no zone are badges."
        ]
    }


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"slug": "x", "name": {"en": "X"}, "kind": "boat"},
            "kind",
            '"boat" is not a valid choice.',
        ),
        ({"slug": "x", "name": {"en": "X"}, "colour": "#12345"}, "colour", None),
        ({"slug": "plenary", "name": {"en": "X"}}, "slug", None),
        ({"slug": "x", "name": "Hall"}, "name", "Enter an object keyed by language."),
        ({"slug": "x", "name": {"en": 7}}, "name", "English: enter text."),
        ({"slug": "x", "name": {"en": "X"}, "position": -2}, "position", None),
    ],
    ids=["bad-kind", "bad-colour", "duplicate-slug", "name-not-an-object", "name-not-text", "neg"],
)
def test_a_bad_zone_is_refused_naming_the_field(admin, summit, body, field, message):
    response = admin.post(url(summit, "zones/"), body, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert AccessZone.objects.filter(event=summit.event).count() == 2


def test_an_unused_zone_is_deleted(admin, summit):
    zone = AccessZoneFactory(event=summit.event, slug="press-area")

    response = admin.delete(url(summit, f"zones/{zone.pk}/"))

    assert response.status_code == 204
    assert not AccessZone.objects.filter(pk=zone.pk).exists()
    assert AuditEntry.objects.filter(action="zone.deleted", object_id=str(zone.pk)).exists()


def test_a_zone_granted_and_with_a_room_is_not_deleted(admin, summit):
    RoomFactory(event=summit.event, zone=summit.plenary)

    response = admin.delete(url(summit, f"zones/{summit.plenary.pk}/"))

    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == (
        "“Plenary hall” cannot be deleted: it is still used by "
        "registration categories (2), rooms (1)."
    )
    assert body["uses"] == [
        {"what": "registration categories", "count": 2},
        {"what": "rooms", "count": 1},
    ]
    assert AccessZone.objects.filter(pk=summit.plenary.pk).exists()


def test_a_zone_with_scans_is_not_deleted(admin, api_client, summit):
    press = AccessZoneFactory(event=summit.event, slug="press", name={"en": "Press area"})
    _registration, code = approved(summit)
    scan = api_client.post(
        url(summit, "checkins/"),
        {"code": code, "zone": "press", "nonce": str(uuid.uuid4())},
        format="json",
        **summit.bearer(Role.CHECKIN),
    )
    assert scan.json()["result"] == "zone_denied"
    admin.credentials(**summit.bearer(Role.ADMIN))

    response = admin.delete(url(summit, f"zones/{press.pk}/"))

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "“Press area” cannot be deleted: it is still used by check-in scans (1)."
    )


# --- Ranks --------------------------------------------------------------------------------


def test_ranks_are_listed_in_their_order_and_reordered(admin, summit):
    for position, (slug, name) in enumerate([("minister", "Minister"), ("head", "Head of State")]):
        created = admin.post(
            url(summit, "ranks/"),
            {"slug": slug, "name": {"en": name}, "position": position},
            format="json",
        )
        assert created.status_code == 201, created.json()
    head = ProtocolRank.objects.get(slug="head")
    minister_id = ProtocolRank.objects.get(slug="minister").pk

    moved = admin.patch(url(summit, f"ranks/{head.pk}/"), {"position": 0}, format="json")
    minister = admin.patch(url(summit, f"ranks/{minister_id}/"), {"position": 1}, format="json")

    assert moved.status_code == 200
    assert minister.json()["slug"] == "minister"
    body = admin.get(url(summit, "ranks/")).json()
    assert [(row["slug"], row["position"]) for row in body["results"]] == [
        ("head", 0),
        ("minister", 1),
    ]
    assert body["results"][0] == {
        "id": head.pk,
        "slug": "head",
        "name": names(en="Head of State"),
        "name_text": "Head of State",
        "position": 0,
        "created_at": body["results"][0]["created_at"],
        "updated_at": body["results"][0]["updated_at"],
    }
    assert AuditEntry.objects.filter(action="rank.updated").count() == 2


def test_a_rank_held_by_a_registration_is_not_deleted(admin, summit):
    rank = ProtocolRank.objects.create(event=summit.event, slug="minister", name={"en": "Minister"})
    RegistrationFactory(event=summit.event, category=summit.delegate, protocol_rank=rank)

    response = admin.delete(url(summit, f"ranks/{rank.pk}/"))

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "“Minister” cannot be deleted: it is still used by registrations (1)."
    )
    assert ProtocolRank.objects.filter(pk=rank.pk).exists()


def test_an_unused_rank_is_deleted(admin, summit):
    rank = ProtocolRank.objects.create(event=summit.event, slug="envoy", name={"en": "Envoy"})

    response = admin.delete(url(summit, f"ranks/{rank.pk}/"))

    assert response.status_code == 204
    assert not ProtocolRank.objects.filter(pk=rank.pk).exists()


def test_a_duplicate_rank_slug_is_refused(admin, summit):
    ProtocolRank.objects.create(event=summit.event, slug="envoy", name={"en": "Envoy"})

    response = admin.post(
        url(summit, "ranks/"), {"slug": "envoy", "name": {"en": "Envoy"}}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"slug": ["This summit already has one with the slug “envoy”."]}


# --- Who may -----------------------------------------------------------------------------

ENDPOINTS = ["categories/", "zones/", "ranks/"]


def detail(summit, endpoint: str) -> str:
    rank = ProtocolRank.objects.get_or_create(
        event=summit.event, slug="minister", defaults={"name": {"en": "Minister"}}
    )[0]
    row = {"categories/": summit.speaker, "zones/": summit.lounge, "ranks/": rank}[endpoint]
    return url(summit, f"{endpoint}{row.pk}/")


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_other_roles_are_refused_every_operation(api_client, summit, endpoint, role):
    api_client.credentials(**summit.bearer(role))
    one = detail(summit, endpoint)

    answers = [
        api_client.get(url(summit, endpoint)),
        api_client.post(url(summit, endpoint), {"slug": "x", "name": {"en": "X"}}, format="json"),
        api_client.get(one),
        api_client.patch(one, {"position": 9}, format="json"),
        api_client.delete(one),
    ]

    assert [answer.status_code for answer in answers] == [403] * 5
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_callers_are_asked_to_authenticate(api_client, summit, endpoint):
    one = detail(summit, endpoint)

    answers = [
        api_client.get(url(summit, endpoint)),
        api_client.post(url(summit, endpoint), {}, format="json"),
        api_client.get(one),
        api_client.patch(one, {}, format="json"),
        api_client.delete(one),
    ]

    assert [answer.status_code for answer in answers] == [401] * 5


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_another_summits_admin_token_is_refused(api_client, summit, endpoint):
    other = make_summit("elsewhere")
    api_client.credentials(**other.bearer(Role.ADMIN))

    response = api_client.get(url(summit, endpoint))
    removal = api_client.delete(detail(summit, endpoint))

    assert response.status_code == 403
    assert removal.status_code == 403


def test_a_signed_in_admin_organizer_may_set_up_too(summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.ADMIN)
    client = OrganizerClient()
    client.force_login(user)

    response = client.post(
        url(summit, "ranks/"),
        {"slug": "minister", "name": {"en": "Minister"}},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    assert AuditEntry.objects.get(action="rank.created").actor_user == user


def test_a_signed_in_programme_manager_may_not(summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.PROGRAMME)
    client = OrganizerClient()
    client.force_login(user)

    assert client.get(url(summit, "categories/")).status_code == 403
