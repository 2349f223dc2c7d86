"""The setup pages of categories, zones and ranks, `/manage/<slug>/settings/…` (admins)."""

import pytest

from events.audit.models import AuditEntry
from events.summit.models import AccessZone, ProtocolRank, RegistrationCategory
from events.teams.models import Role
from events.teams.services import team_member_add
from tests.agenda.factories import RoomFactory
from tests.conftest import OrganizerClient
from tests.factories import RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit():
    return make_summit("unity")


@pytest.fixture
def admin(summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.ADMIN)
    client = OrganizerClient()
    client.force_login(user)
    return client


def category_form(summit, **changes) -> dict:
    data = {
        "name_en": "Observer",
        "name_ar": "مراقب",
        "slug": "observer",
        "badge_colour": "#336699",
        "capacity": "40",
        "zones": [summit.plenary.pk],
        "requires_approval": "on",
        "is_public": "on",
        "allows_waitlist": "on",
        "position": "5",
    }
    return {**data, **changes}


def zone_form(**changes) -> dict:
    data = {
        "name_en": "Press area",
        "slug": "press-area",
        "colour": "#884400",
        "kind": "person",
        "position": "3",
    }
    return {**data, **changes}


def field_block(html: str, field: str) -> str:
    return html.split(f'id="id_{field}-field"')[1].split('<div class="field')[0]


# --- Categories ---------------------------------------------------------------------------


def test_the_list_shows_each_category_with_its_zones(admin, summit):
    page = admin.get("/manage/unity/settings/categories/")

    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/manage/unity/settings/categories/{summit.speaker.pk}/"' in html
    assert "Plenary hall, VIP lounge" in html
    assert 'href="/manage/unity/settings/categories/new/"' in html
    assert 'aria-current="page">Categories</a>' in html


def test_the_add_page_offers_the_summits_languages_and_zones(admin, summit):
    summit.event.languages = ["en", "ar"]
    summit.event.save()

    html = admin.get("/manage/unity/settings/categories/new/").content.decode()

    assert '<label for="id_name">Name' in html
    assert 'name="name_ar"' in html
    assert 'name="name_fr"' not in html  # the summit is in English and Arabic only
    assert "<legend>Zones granted</legend>" in html
    assert f'value="{summit.lounge.pk}" id="id_zones_1"> VIP lounge' in html


def test_an_admin_adds_a_category_granting_a_zone(admin, summit):
    response = admin.post(
        "/manage/unity/settings/categories/new/", category_form(summit), follow=True
    )

    assert response.redirect_chain[-1][0] == "/manage/unity/settings/categories/"
    assert "Observer" in response.content.decode()
    category = RegistrationCategory.objects.get(event=summit.event, slug="observer")
    assert category.name.as_dict() == {"en": "Observer", "ar": "مراقب"}
    assert list(category.zones.all()) == [summit.plenary]
    assert (category.capacity, category.badge_colour) == (40, "#336699")
    assert (category.requires_approval, category.requires_vetting) == (True, False)
    assert (category.invitation_only, category.is_public) == (False, True)
    assert category.position == 5
    assert AuditEntry.objects.filter(action="category.created", object_id=category.pk).exists()


def test_an_admin_edits_a_category(admin, summit):
    response = admin.post(
        f"/manage/unity/settings/categories/{summit.delegate.pk}/",
        category_form(
            summit,
            slug="delegate",
            name_en="Delegate",
            zones=[summit.plenary.pk, summit.lounge.pk],
            requires_approval="",
            invitation_only="on",
            requires_vetting="on",
        ),
    )

    assert response.status_code == 302
    summit.delegate.refresh_from_db()
    assert set(summit.delegate.zones.all()) == {summit.plenary, summit.lounge}
    assert summit.delegate.invitation_only
    assert summit.delegate.requires_vetting
    assert not summit.delegate.requires_approval
    entry = AuditEntry.objects.get(action="category.updated")
    assert "zones" in entry.data["fields"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"slug": "speaker"}, "slug", "This summit already has one with the slug “speaker”."),
        ({"slug": "not a slug"}, "slug", "letters, numbers, underscores or hyphens"),
        ({"badge_colour": "blue"}, "badge_colour", "Enter a colour as # followed by six"),
        ({"name_en": ""}, "name", "Enter the English text"),
        ({"capacity": "-1"}, "capacity", "greater than or equal to 0"),
    ],
)
def test_a_bad_category_is_refused_at_its_field(admin, summit, changes, field, words):
    response = admin.post(
        "/manage/unity/settings/categories/new/", category_form(summit, **changes)
    )

    assert response.status_code == 400
    assert words in field_block(response.content.decode(), field)
    assert not RegistrationCategory.objects.filter(name__en="Observer").exists()


def test_a_zone_of_another_summit_cannot_be_granted(admin, summit):
    other = make_summit("elsewhere")

    response = admin.post(
        "/manage/unity/settings/categories/new/", category_form(summit, zones=[other.plenary.pk])
    )

    assert response.status_code == 400
    assert "Select a valid choice" in field_block(response.content.decode(), "zones")


def test_a_category_in_use_is_not_deleted_and_the_page_says_what_uses_it(admin, summit):
    RegistrationFactory(event=summit.event, category=summit.delegate)
    url = f"/manage/unity/settings/categories/{summit.delegate.pk}/"

    response = admin.post(url, {"delete": "1", "delete-confirm": "on"})

    html = response.content.decode()
    assert response.status_code == 409
    refusal = html.split('id="delete-refusal"')[1].split("</p>")[0]
    assert "“Delegate” cannot be deleted: it is still used by registrations (1)." in refusal
    assert RegistrationCategory.objects.filter(pk=summit.delegate.pk).exists()


def test_deleting_asks_for_the_confirmation_first(admin, summit):
    url = f"/manage/unity/settings/categories/{summit.speaker.pk}/"

    unconfirmed = admin.post(url, {"delete": "1"})
    confirmed = admin.post(url, {"delete": "1", "delete-confirm": "on"}, follow=True)

    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm the deletion." in unconfirmed.content.decode()
    assert confirmed.redirect_chain[-1][0] == "/manage/unity/settings/categories/"
    assert not RegistrationCategory.objects.filter(pk=summit.speaker.pk).exists()
    assert AuditEntry.objects.filter(action="category.deleted").count() == 1


def test_another_summits_category_is_not_found(admin, summit):
    other = make_summit("elsewhere")

    assert admin.get(f"/manage/unity/settings/categories/{other.delegate.pk}/").status_code == 404


# --- Zones --------------------------------------------------------------------------------


def test_an_admin_adds_a_vehicle_gate(admin, summit):
    response = admin.post(
        "/manage/unity/settings/zones/new/",
        zone_form(slug="north-gate", name_en="North gate", kind="vehicle"),
    )

    assert response.status_code == 302
    zone = AccessZone.objects.get(event=summit.event, slug="north-gate")
    assert (zone.kind, zone.is_main_entrance, zone.position) == ("vehicle", False, 3)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"is_main_entrance": "on"}, "is_main_entrance", "is already the main entrance"),
        (
            {"is_main_entrance": "on", "kind": "vehicle"},
            "is_main_entrance",
            "A vehicle gate cannot be the main entrance",
        ),
        ({"slug": "plenary"}, "slug", "already has one with the slug “plenary”"),
        ({"colour": "#12345"}, "colour", "Enter a colour as # followed by six"),
        ({"kind": "drone"}, "kind", "Select a valid choice"),
    ],
)
def test_a_bad_zone_is_refused_at_its_field(admin, summit, changes, field, words):
    response = admin.post("/manage/unity/settings/zones/new/", zone_form(**changes))

    assert response.status_code == 400
    assert words in field_block(response.content.decode(), field)
    assert not AccessZone.objects.filter(slug="press-area").exists()


def test_a_zone_in_use_is_not_deleted(admin, summit):
    RoomFactory(event=summit.event, zone=summit.lounge)

    response = admin.post(
        f"/manage/unity/settings/zones/{summit.lounge.pk}/",
        {"delete": "1", "delete-confirm": "on"},
    )

    assert response.status_code == 409
    assert "registration categories (1), rooms (1)" in response.content.decode()
    assert AccessZone.objects.filter(pk=summit.lounge.pk).exists()


def test_an_admin_moves_the_main_entrance(admin, summit):
    admin.post(
        f"/manage/unity/settings/zones/{summit.plenary.pk}/",
        zone_form(slug="plenary", name_en="Plenary hall"),
    )
    response = admin.post(
        f"/manage/unity/settings/zones/{summit.lounge.pk}/",
        zone_form(slug="vip-lounge", name_en="VIP lounge", is_main_entrance="on"),
    )

    assert response.status_code == 302
    assert AccessZone.objects.get(event=summit.event, is_main_entrance=True) == summit.lounge


# --- Ranks --------------------------------------------------------------------------------


@pytest.fixture
def ranks(summit):
    return [
        ProtocolRank.objects.create(event=summit.event, slug=slug, name={"en": name}, position=n)
        for n, (slug, name) in enumerate(
            [("head-of-state", "Head of state"), ("minister", "Minister"), ("envoy", "Envoy")]
        )
    ]


def order(summit) -> list[str]:
    return list(ProtocolRank.objects.filter(event=summit.event).values_list("slug", flat=True))


def test_an_admin_adds_a_rank(admin, summit, ranks):
    response = admin.post(
        "/manage/unity/settings/ranks/new/",
        {"name_en": "Ambassador", "slug": "ambassador", "position": "9"},
    )

    assert response.status_code == 302
    assert order(summit)[-1] == "ambassador"


def test_the_buttons_move_a_rank_up_and_down(admin, summit, ranks):
    page = admin.get("/manage/unity/settings/ranks/").content.decode()
    assert "Move Head of state down" in page
    assert "Move Head of state up" not in page  # first already

    admin.post(f"/manage/unity/settings/ranks/{ranks[2].pk}/", {"move": "up"})
    assert order(summit) == ["head-of-state", "envoy", "minister"]
    admin.post(f"/manage/unity/settings/ranks/{ranks[0].pk}/", {"move": "down"})
    assert order(summit) == ["envoy", "head-of-state", "minister"]
    admin.post(f"/manage/unity/settings/ranks/{ranks[1].pk}/", {"move": "down"})  # last: stays

    assert order(summit) == ["envoy", "head-of-state", "minister"]
    assert list(
        ProtocolRank.objects.filter(event=summit.event).values_list("position", flat=True)
    ) == [1, 2, 3]
    assert AuditEntry.objects.filter(action="rank.moved").count() == 2


def test_a_rank_held_by_a_registration_is_not_deleted(admin, summit, ranks):
    RegistrationFactory(event=summit.event, category=summit.delegate, protocol_rank=ranks[1])

    response = admin.post(
        f"/manage/unity/settings/ranks/{ranks[1].pk}/", {"delete": "1", "delete-confirm": "on"}
    )

    assert response.status_code == 409
    assert "“Minister” cannot be deleted" in response.content.decode()


def test_a_rank_taking_a_taken_slug_is_refused_at_its_field(admin, summit, ranks):
    response = admin.post(
        f"/manage/unity/settings/ranks/{ranks[0].pk}/",
        {"name_en": "Head of state", "slug": "minister", "position": "0"},
    )

    assert response.status_code == 400
    assert "already has one with the slug “minister”" in field_block(
        response.content.decode(), "slug"
    )


def test_the_errors_are_in_the_readers_language(admin, summit):
    admin.cookies["django_language"] = "fr"

    response = admin.post("/manage/unity/settings/zones/new/", zone_form(colour="red"))

    assert response.status_code == 400
    assert "Saisissez une couleur sous la forme # suivi de six chiffres" in field_block(
        response.content.decode(), "colour"
    )


# --- Who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
@pytest.mark.parametrize(
    "path", ["categories/", "categories/new/", "zones/", "zones/new/", "ranks/", "ranks/new/"]
)
def test_only_admins_open_the_setup_pages(summit, role, path):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=role)
    client = OrganizerClient()
    client.force_login(user)

    assert client.get(f"/manage/unity/settings/{path}").status_code == 403
