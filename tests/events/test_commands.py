from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from events.summit.models import AccessZone, Event, RegistrationCategory
from events.teams.models import TeamMembership
from events.tokens.models import ApiToken
from events.tokens.selectors import api_token_find
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Event, AccessZone, RegistrationCategory, TeamMembership, get_user_model())
    }


def test_seed_demo_builds_the_contract_summit():
    call_command("seed_demo", stdout=StringIO())

    event = Event.objects.get(slug="unity-for-security")
    assert event.timezone == "Asia/Dubai"
    assert event.is_published
    assert event.is_registration_open()
    categories = {c.slug: c for c in event.categories.prefetch_related("zones")}
    assert set(categories) == {
        "delegate",
        "speaker",
        "media",
        "head-of-delegation",
        "private-sector",
        "security-official",
        "interpreter",
    }
    assert [c.slug for c in categories.values() if c.requires_vetting] == ["security-official"]
    assert list(event.protocol_ranks.values_list("slug", flat=True)) == [
        "head-of-state",
        "head-of-government",
        "minister",
        "head-of-delegation",
        "ambassador",
        "delegate",
    ]
    zones_of = {slug: {z.slug for z in c.zones.all()} for slug, c in categories.items()}
    assert all("plenary" in zones for zones in zones_of.values())
    assert "vip-lounge" in zones_of["head-of-delegation"]
    assert "vip-lounge" in zones_of["speaker"]
    assert "vip-lounge" not in zones_of["delegate"]
    assert {z.slug for z in event.zones.all()} >= {"plenary", "vip-lounge", "press-area"}
    assert event.zones.get(is_main_entrance=True).slug == "plenary"
    # Interpreters: invited, never on the public form, into the plenary and their booths.
    assert zones_of["interpreter"] == {"plenary", "interpretation-booths"}
    assert {slug for slug, zones in zones_of.items() if "interpretation-booths" in zones} == {
        "interpreter"
    }
    assert categories["interpreter"].invitation_only
    assert not categories["interpreter"].is_public


def test_seed_demo_twice_gives_the_same_counts_and_prints_the_login_once():
    first_output, second_output = StringIO(), StringIO()

    call_command("seed_demo", stdout=first_output)
    after_first = counts()
    call_command("seed_demo", stdout=second_output)

    assert counts() == after_first
    assert "Demo organizer login: organizer / " in first_output.getvalue()
    assert "Demo organizer login" not in second_output.getvalue()


def test_issue_token_prints_only_a_working_token():
    event = EventFactory(slug="unity")
    out = StringIO()

    call_command("issue_token", "unity", "--role", "checkin", stdout=out)

    raw = out.getvalue().strip()
    assert "\n" not in raw
    token = api_token_find(raw=raw)
    assert token.event == event
    assert token.role == "checkin"
    assert ApiToken.objects.count() == 1


def test_issue_token_for_an_unknown_event_fails_clearly():
    with pytest.raises(CommandError, match="No event with slug"):
        call_command("issue_token", "nowhere", "--role", "checkin", stdout=StringIO())


def test_issue_token_refuses_an_unknown_role():
    EventFactory(slug="unity")

    with pytest.raises(CommandError, match="invalid choice"):
        call_command("issue_token", "unity", "--role", "janitor", stdout=StringIO())


def test_issue_token_offline_makes_an_offline_checkin_device():
    EventFactory(slug="unity")
    out = StringIO()

    call_command("issue_token", "unity", "--role", "checkin", "--offline", stdout=out)

    raw = out.getvalue().strip()
    assert "\n" not in raw
    token = api_token_find(raw=raw)
    assert token.role == "checkin"
    assert token.offline


def test_issue_token_without_offline_is_no_offline_device():
    EventFactory(slug="unity")
    out = StringIO()

    call_command("issue_token", "unity", "--role", "checkin", stdout=out)

    assert not api_token_find(raw=out.getvalue().strip()).offline


@pytest.mark.parametrize("role", ["admin", "accreditation", "programme"])
def test_issue_token_offline_is_for_checkin_tokens_only(role):
    EventFactory(slug="unity")

    with pytest.raises(CommandError, match="--offline is only for check-in tokens"):
        call_command("issue_token", "unity", "--role", role, "--offline", stdout=StringIO())
    assert not ApiToken.objects.exists()
