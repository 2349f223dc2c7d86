"""Creating a summit, blank or as a copy: `POST /api/v1/events/` and `/manage/events/new/`."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from agenda.programme.models import Room, Session, Track
from events.audit.models import AuditEntry
from events.summit.models import AccessZone, Event, ProtocolRank, RegistrationCategory
from events.summit.reserved import RESERVED_EVENT_SLUGS
from events.teams.models import Role, TeamMembership
from events.teams.services import team_member_add
from events.tokens.models import ApiToken
from events.tokens.services import api_token_issue
from registrations.registration.models import Question, QuestionOption, Registration
from tests.agenda.factories import RoomFactory, SessionFactory, TrackFactory
from tests.conftest import OrganizerClient
from tests.factories import RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import make_summit

pytestmark = pytest.mark.django_db
DUBAI = ZoneInfo("Asia/Dubai")


def body(**changes) -> dict:
    data = {
        "slug": "unity-2028",
        "name": {"en": "Unity Summit 2028", "ar": "قمة الاتحاد ٢٠٢٨"},
        "venue_name": {"en": "Exhibition Centre"},
        "starts_at": "2028-05-12T09:00:00+04:00",
        "ends_at": "2028-05-13T18:00:00+04:00",
        "timezone": "Asia/Dubai",
        "languages": ["en", "ar"],
        "main_language": "en",
    }
    return {**data, **changes}


@pytest.fixture
def summit():
    """A summit with a full setup and people: zones, categories, ranks, a question with
    options, rooms, tracks; registrations, a session, a team and tokens."""
    summit = make_summit("unity")
    event = summit.event
    event.badge_format = "a6"
    event.retention_days = 30
    event.badge_languages = ["ar", "en"]
    event.save()
    ProtocolRank.objects.create(event=event, slug="minister", name={"en": "Minister"}, position=2)
    question = Question.objects.create(
        event=event, label={"en": "Which workshop?"}, kind="choice", required=True, position=3
    )
    question.categories.set([summit.speaker])
    QuestionOption.objects.create(question=question, value="cyber", label={"en": "Cyber"})
    QuestionOption.objects.create(question=question, value="borders", label={"en": "Borders"})
    room = RoomFactory(event=event, slug="hall-a", zone=summit.lounge, capacity=80)
    TrackFactory(event=event, slug="policing", colour="#123456")
    SessionFactory(event=event, room=room)
    RegistrationFactory(event=event, category=summit.delegate)
    return summit


def admin_of(event, **fields):
    user = UserFactory(**fields)
    team_member_add(event=event, user=user, role=Role.ADMIN)
    return user


def signed_in(user) -> OrganizerClient:
    client = OrganizerClient()
    client.force_login(user)
    return client


def post_json(client, data):
    return client.post("/api/v1/events/", json.dumps(data), content_type="application/json")


# --- Blank -----------------------------------------------------------------------------------


def test_an_admin_creates_a_blank_summit_as_a_draft_and_becomes_its_admin(summit):
    user = admin_of(summit.event)

    response = post_json(signed_in(user), body())

    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["slug"] == "unity-2028"
    assert answer["is_published"] is False
    assert answer["admin_token"] is None
    assert answer["manage_url"].endswith("/manage/unity-2028/settings/")
    event = Event.objects.get(slug="unity-2028")
    assert event.starts_at == datetime(2028, 5, 12, 9, tzinfo=DUBAI)
    assert event.languages == ["en", "ar"]
    assert str(event.name) == "Unity Summit 2028"
    assert not event.is_published
    assert list(TeamMembership.objects.filter(event=event).values_list("user", "role")) == [
        (user.pk, Role.ADMIN)
    ]
    assert not event.zones.exists()
    assert not event.categories.exists()
    entry = AuditEntry.objects.get(event=event, action="event.created")
    assert entry.actor_user == user
    assert entry.data == {"slug": "unity-2028", "copied_from": "", "copied": {}}
    # A draft: not in the public list, but the public list keeps its shape.
    listed = Client().get("/api/v1/events/").json()
    assert [row["slug"] for row in listed["results"]] == ["unity"]


def test_a_superuser_with_no_team_may_create_a_summit(db):
    user = UserFactory(is_superuser=True, is_staff=True)

    response = post_json(signed_in(user), body())

    assert response.status_code == 201
    assert TeamMembership.objects.filter(
        event__slug="unity-2028", user=user, role=Role.ADMIN
    ).exists()


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_an_organizer_who_is_admin_nowhere_may_not_create_a_summit(summit, role):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=role)

    response = post_json(signed_in(user), body())

    assert response.status_code == 403
    assert not Event.objects.filter(slug="unity-2028").exists()


def test_anonymous_callers_are_asked_for_credentials(summit):
    response = post_json(Client(), body())

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_admin_session_without_its_second_factor_is_refused(summit):
    client = Client()
    client.force_login(admin_of(summit.event))

    response = post_json(client, body())

    assert response.status_code == 403
    assert response.json()["detail"] == "Two-factor verification is required."
    assert not Event.objects.filter(slug="unity-2028").exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"slug": "unity"}, "slug", "Another summit already has the address “unity”."),
        ({"slug": "events"}, "slug", "“events” is the address of one of the organizer area"),
        ({"slug": "Two-Factor"}, "slug", "organizer area's pages"),
        ({"slug": "not a slug"}, "slug", "letters, numbers, underscores or hyphens"),
        ({"ends_at": "2028-05-12T08:00:00+04:00"}, "ends_at", "must end after it starts"),
        ({"main_language": "fr"}, "main_language", "must be one of the event's languages"),
        ({"timezone": "Mars/Olympus"}, "timezone", "not a valid choice"),
        ({"languages": []}, "languages", ""),
        ({"name": {"ar": "قمة"}}, "name", "Enter the English text"),
        ({"venue_name": {"fr": "Palais"}}, "venue_name", "Enter the English text"),
        ({"copy_from": "nowhere"}, "copy_from", "You administer no summit with the address"),
    ],
)
def test_bad_input_is_refused_naming_the_field(summit, changes, field, words):
    response = post_json(signed_in(admin_of(summit.event)), body(**changes))

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert words in " ".join(response.json()[field])
    assert Event.objects.count() == 1


def test_an_arabic_main_language_needs_the_arabic_name_only(summit):
    response = post_json(
        signed_in(admin_of(summit.event)),
        body(
            name={"ar": "قمة الاتحاد"},
            venue_name={"ar": "مركز المعارض"},
            languages=["ar"],
            main_language="ar",
        ),
    )

    assert response.status_code == 201, response.content
    assert Event.objects.get(slug="unity-2028").main_language == "ar"


def test_the_reserved_slugs_cover_every_first_path_segment_of_the_organizer_area():
    def routes(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from routes(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    segments = {
        route.removeprefix("manage/").split("/")[0]
        for route in routes(get_resolver())
        if route.startswith("manage/")
    }
    literal = {segment for segment in segments if segment and "<" not in segment}

    assert "events" in literal
    assert literal <= RESERVED_EVENT_SLUGS
    assert {"events", "invitations", "delegations"} <= RESERVED_EVENT_SLUGS


# --- Copy ------------------------------------------------------------------------------------


def test_a_copy_takes_the_setup_and_never_the_people(summit):
    user = admin_of(summit.event)
    source = summit.event

    response = post_json(signed_in(user), body(copy_from="unity", languages=["en", "fr"]))

    assert response.status_code == 201, response.content
    event = Event.objects.get(slug="unity-2028")
    assert event.pk != source.pk
    # The settings not given come from the source; the badge languages narrowed to the new
    # summit's; the registration window and publication do not.
    assert event.badge_format == "a6"
    assert event.retention_days == 30
    assert event.badge_languages == ["en"]
    assert event.registration_opens_at is None
    assert not event.is_published
    zones = {zone.slug: zone for zone in AccessZone.objects.filter(event=event)}
    assert set(zones) == {"plenary", "vip-lounge"}
    assert zones["plenary"].is_main_entrance
    categories = {row.slug: row for row in RegistrationCategory.objects.filter(event=event)}
    assert set(categories) == {"delegate", "speaker"}
    assert set(categories["speaker"].zones.all()) == {zones["plenary"], zones["vip-lounge"]}
    assert str(categories["delegate"].name) == "Delegate"
    assert list(ProtocolRank.objects.filter(event=event).values_list("slug", "position")) == [
        ("minister", 2)
    ]
    question = Question.objects.get(event=event)
    assert (question.kind, question.required, question.position) == ("choice", True, 3)
    assert list(question.categories.all()) == [categories["speaker"]]
    assert list(question.options.values_list("value", flat=True)) == ["cyber", "borders"]
    room = Room.objects.get(event=event)
    assert (room.slug, room.capacity, room.zone) == ("hall-a", 80, zones["vip-lounge"])
    assert Track.objects.get(event=event).colour == "#123456"
    # The source keeps its own rows.
    assert AccessZone.objects.filter(event=source).count() == 2
    assert QuestionOption.objects.filter(question__event=source).count() == 2
    # People stay behind: registrations, sessions, the rest of the team, tokens.
    assert not Registration.objects.filter(event=event).exists()
    assert not Session.objects.filter(event=event).exists()
    assert list(TeamMembership.objects.filter(event=event).values_list("user", flat=True)) == [
        user.pk
    ]
    assert not ApiToken.objects.filter(event=event).exists()
    entry = AuditEntry.objects.get(event=event, action="event.created")
    assert entry.data["copied_from"] == "unity"
    assert entry.data["copied"]["events.accesszone"] == 2
    assert entry.data["copied"]["registrations.questionoption"] == 2


def own_values(row) -> dict:
    """Every concrete field of a row but its identity, its times and its links."""
    return {
        field.attname: field.value_from_object(row)
        for field in type(row)._meta.concrete_fields
        if not (field.primary_key or field.is_relation)
        and field.name not in ("created_at", "updated_at")
    }


@pytest.mark.parametrize(
    ("model", "key"),
    [
        (AccessZone, "slug"),
        (RegistrationCategory, "slug"),
        (ProtocolRank, "slug"),
        (Question, "position"),
        (QuestionOption, "value"),
        (Room, "slug"),
        (Track, "slug"),
    ],
)
def test_a_copy_copies_every_field_of_each_row(summit, model, key):
    """Generic: a field added to one of these models later is copied too."""
    post_json(signed_in(admin_of(summit.event)), body(copy_from="unity"))
    event = Event.objects.get(slug="unity-2028")

    def rows(event):
        scope = {"question__event": event} if model is QuestionOption else {"event": event}
        return {getattr(row, key): own_values(row) for row in model.objects.filter(**scope)}

    assert rows(event)
    assert rows(event) == rows(summit.event)


def test_a_copy_needs_a_summit_the_caller_administers(summit):
    elsewhere = make_summit("elsewhere")
    user = admin_of(elsewhere.event)
    team_member_add(event=summit.event, user=user, role=Role.ACCREDITATION)

    response = post_json(signed_in(user), body(copy_from="unity"))

    assert response.status_code == 400
    assert "You administer no summit" in response.json()["copy_from"][0]
    assert not Event.objects.filter(slug="unity-2028").exists()


def test_a_copy_that_fails_half_way_leaves_nothing(summit, monkeypatch):
    from agenda.programme import copies

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(copies.Track.objects, "filter", broken)
    user = admin_of(summit.event)

    with pytest.raises(RuntimeError):
        post_json(signed_in(user), body(copy_from="unity"))

    assert not Event.objects.filter(slug="unity-2028").exists()
    assert AccessZone.objects.count() == 2


# --- Through an admin token ------------------------------------------------------------------


def test_an_admin_token_creates_a_copy_and_gets_an_admin_token_of_the_new_summit(summit):
    issuer = admin_of(summit.event)
    _token, raw = api_token_issue(
        event=summit.event, role=Role.ADMIN, label="setup script", created_by=issuer
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    response = post_json(client, body(copy_from="unity"))

    assert response.status_code == 201, response.content
    new_token = response.json()["admin_token"]
    event = Event.objects.get(slug="unity-2028")
    assert TeamMembership.objects.filter(event=event, user=issuer, role=Role.ADMIN).exists()
    issued = ApiToken.objects.get(event=event)
    assert (issued.role, issued.created_by) == (Role.ADMIN, issuer)
    entry = AuditEntry.objects.get(event=event, action="event.created")
    assert entry.actor_token.event == summit.event
    # The new token opens the new summit's setup, and its own summit's only.
    new = Client(HTTP_AUTHORIZATION=f"Bearer {new_token}")
    assert new.get("/api/v1/events/unity-2028/zones/").json()["count"] == 2
    assert new.get("/api/v1/events/unity/zones/").status_code == 403


def test_a_token_copies_only_its_own_summit(summit):
    elsewhere = make_summit("elsewhere")
    issuer = admin_of(summit.event)
    team_member_add(event=elsewhere.event, user=issuer, role=Role.ADMIN)
    _token, raw = api_token_issue(event=summit.event, role=Role.ADMIN, created_by=issuer)

    response = post_json(Client(HTTP_AUTHORIZATION=f"Bearer {raw}"), body(copy_from="elsewhere"))

    assert response.status_code == 400
    assert "copy_from" in response.json()


def test_a_token_issued_by_nobody_is_refused_with_a_reason(summit):
    response = post_json(Client(**summit.bearer(Role.ADMIN)), body())

    assert response.status_code == 403
    assert response.json()["code"] == "token_without_creator"
    assert "issued by no one" in response.json()["detail"]
    assert not Event.objects.filter(slug="unity-2028").exists()


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_a_token_of_another_role_may_not_create_a_summit(summit, role):
    response = post_json(Client(**summit.bearer(role)), body())

    assert response.status_code == 403
    assert not Event.objects.filter(slug="unity-2028").exists()


# --- The page --------------------------------------------------------------------------------


def form(**changes) -> dict:
    data = {
        "copy_from": "",
        "slug": "unity-2028",
        "name_en": "Unity Summit 2028",
        "name_ar": "قمة الاتحاد ٢٠٢٨",
        "venue_name_en": "Exhibition Centre",
        "timezone": "Asia/Dubai",
        "starts_at": "2028-05-12T09:00",
        "ends_at": "2028-05-13T18:00",
        "languages": ["en", "ar"],
        "main_language": "en",
    }
    return {**data, **changes}


def test_the_organizer_home_offers_a_new_summit_to_admins_only(summit):
    admin_page = signed_in(admin_of(summit.event)).get("/manage/").content.decode()
    officer = UserFactory()
    team_member_add(event=summit.event, user=officer, role=Role.CHECKIN)
    officer_page = signed_in(officer).get("/manage/").content.decode()

    assert 'href="/manage/events/new/"' in admin_page
    assert "New summit" in admin_page
    assert 'href="/manage/events/new/"' not in officer_page


def test_the_page_creates_a_copy_with_times_in_the_chosen_zone(summit):
    client = signed_in(admin_of(summit.event))
    page = client.get("/manage/events/new/")
    assert page.status_code == 200
    assert '<option value="unity">Unity Summit</option>' in page.content.decode()

    response = client.post("/manage/events/new/", form(copy_from="unity"), follow=True)

    assert response.redirect_chain[-1][0] == "/manage/unity-2028/settings/"
    assert "The summit is created, as a draft" in response.content.decode()
    event = Event.objects.get(slug="unity-2028")
    assert event.starts_at == datetime(2028, 5, 12, 9, tzinfo=DUBAI)
    assert event.categories.count() == 2


def test_the_page_offers_only_the_summits_the_user_administers_to_copy(summit):
    make_summit("elsewhere")
    page = signed_in(admin_of(summit.event)).get("/manage/events/new/").content.decode()

    assert 'value="unity"' in page
    assert 'value="elsewhere"' not in page


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"slug": "unity"}, "slug", "Another summit already has the address “unity”."),
        ({"slug": "invitations"}, "slug", "organizer area&#x27;s pages"),
        ({"ends_at": "2028-05-11T18:00"}, "ends_at", "The event must end after it starts."),
        ({"main_language": "fr"}, "main_language", "must be one of the event&#x27;s languages"),
        ({"name_en": ""}, "name", "Enter the English text"),
        ({"copy_from": "elsewhere"}, "copy_from", "Select a valid choice"),
    ],
)
def test_the_page_shows_each_refusal_at_its_field(summit, changes, field, words):
    make_summit("elsewhere")
    response = signed_in(admin_of(summit.event)).post("/manage/events/new/", form(**changes))

    html = response.content.decode()
    assert response.status_code == 400
    block = html.split(f'id="id_{field}-field"')[1].split('<div class="field')[0]
    assert words in block, block
    assert not Event.objects.filter(slug="unity-2028").exists()


def test_the_page_speaks_the_readers_language(summit):
    client = signed_in(admin_of(summit.event))
    client.cookies["django_language"] = "fr"

    response = client.post("/manage/events/new/", form(ends_at="2028-05-11T18:00"))

    assert response.status_code == 400
    assert "L’événement doit se terminer après son début." in response.content.decode()  # noqa: RUF001


def test_organizers_who_administer_nothing_are_refused_the_page(summit):
    officer = UserFactory()
    team_member_add(event=summit.event, user=officer, role=Role.ACCREDITATION)

    assert signed_in(officer).get("/manage/events/new/").status_code == 403
    assert Client().get("/manage/events/new/")["Location"].startswith("/manage/login/")
