"""The event dashboard, `/manage/<slug>/`, and `GET /api/v1/events/<slug>/stats/`."""

import pytest
from django.utils import timezone

from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.models import Message
from registrations.badges.models import Badge
from registrations.registration.models import Status, VettingState
from tests.factories import DelegationFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(api_client):
    """Seven registrations, two of them inside the plenary, one message failed."""
    summit = make_summit()
    summit.delegate.capacity = 10
    summit.delegate.save()
    codes = [approved(summit, country="FR")[1], approved(summit, country="FR")[1]]
    approved(summit, category=summit.speaker, country="AE")
    for _ in range(2):
        RegistrationFactory(event=summit.event, category=summit.delegate, status=Status.PENDING)
    RegistrationFactory(
        event=summit.event,
        category=summit.delegate,
        status=Status.PENDING,
        vetting_state=VettingState.SUBMITTED,
        country="AE",
    )
    RegistrationFactory(event=summit.event, category=summit.speaker, status=Status.WAITLISTED)
    RegistrationFactory(event=summit.event, category=summit.delegate, status=Status.REJECTED)
    for code in [*codes, "not a badge"]:
        response = api_client.post(
            summit.url(), {"code": code}, format="json", **summit.bearer(Role.CHECKIN)
        )
        assert response.status_code == 200
    DelegationFactory(event=summit.event, name={"en": "Atlantis"})
    Message.objects.create(
        dedupe_key="test:failed",
        recipient="nobody@example.org",
        kind="registration.approved",
        scope=f"event:{summit.event.pk}",
        subject="Approved",
        body_text="…",
        scheduled_at=timezone.now(),
        status="failed",
    )
    return summit


def stats(api_client, summit, role=Role.ADMIN):
    response = api_client.get(summit.url("stats/"), **summit.bearer(role))
    assert response.status_code == 200, response.content
    return response.json()


def test_the_stats_count_registrations_by_status_and_category_with_capacity(api_client, summit):
    data = stats(api_client, summit)

    assert data["registrations"]["total"] == 8
    assert data["registrations"]["by_status"] == {
        "pending": 3,
        "vetting": 0,
        "approved": 3,
        "waitlisted": 1,
        "rejected": 1,
        "cancelled": 0,
        "revoked": 0,
    }
    delegate, speaker = data["categories"]
    assert (delegate["slug"], delegate["capacity"], delegate["places_taken"]) == ("delegate", 10, 5)
    assert delegate["fill"] == 50
    assert (delegate["by_status"]["approved"], delegate["by_status"]["rejected"]) == (2, 1)
    assert (speaker["slug"], speaker["capacity"], speaker["fill"]) == ("speaker", None, None)
    assert (speaker["places_taken"], speaker["waitlisted"]) == (1, 1)
    assert sum(day["registrations"] for day in data["per_day"]) == 8
    assert (
        data["per_day"][-1]["date"]
        == timezone.now().astimezone(summit.event.tzinfo).date().isoformat()
    )
    france = next(country for country in data["countries"] if country["code"] == "FR")
    assert (france["name"], france["registrations"]) == ("France", 2)


def test_the_stats_count_people_inside_and_scans_per_quarter_hour(api_client, summit):
    data = stats(api_client, summit)

    assert {zone["slug"]: zone["inside"] for zone in data["zones"]} == {
        "plenary": 2,
        "vip-lounge": 0,
    }
    assert sum(bucket["scans"] for bucket in data["scans_today"]) == 3
    assert sum(bucket["accepted"] for bucket in data["scans_today"]) == 2
    minute = timezone.datetime.fromisoformat(data["scans_today"][0]["start"]).minute
    assert minute in (0, 15, 30, 45)


def test_the_to_do_list_counts_what_waits_and_links_to_exactly_those(api_client, summit):
    todo = {item["key"]: item for item in stats(api_client, summit)["todo"]}

    assert todo["pending_approval"]["count"] == 3
    assert todo["pending_approval"]["url"] == "/manage/unity/registrations/?status=pending"
    assert todo["awaiting_vetting"]["count"] == 1
    assert todo["badges_not_printed"]["count"] == 3
    assert todo["badges_not_printed"]["url"] == "/manage/unity/badges/?printed=no"
    assert todo["messages_failed"]["count"] == 1
    assert todo["messages_delayed"]["count"] == 0
    assert todo["delegations_incomplete"]["count"] == 1

    Badge.objects.filter(registration__category=summit.speaker).update(print_count=1)
    todo = {item["key"]: item for item in stats(api_client, summit)["todo"]}
    assert todo["badges_not_printed"]["count"] == 2


def test_check_in_staff_see_the_numbers_without_the_officers_to_do_list(api_client, summit):
    data = stats(api_client, summit, role=Role.CHECKIN)

    assert data["registrations"]["total"] == 8
    assert data["todo"] == []


def test_the_stats_refuse_strangers(api_client, summit):
    other = make_summit("other")

    assert api_client.get(summit.url("stats/")).status_code == 401
    response = api_client.get(summit.url("stats/"), **other.bearer(Role.ADMIN))
    assert response.status_code == 403


def test_the_dashboard_page_shows_the_to_do_list_and_capacity(client, summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)

    page = client.get("/manage/unity/")

    assert page.status_code == 200
    html = page.content.decode()
    assert '<a href="/manage/unity/registrations/?status=pending">' in html
    assert "Registrations waiting for approval" in html
    assert "5 of 10" in html  # the delegates' places
    assert 'style="inline-size: 50%"' in html
    assert "Scans per quarter hour today" in html


def test_check_in_staff_open_the_dashboard_without_the_to_do_list(client, summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.CHECKIN)
    client.force_login(user)

    html = client.get("/manage/unity/").content.decode()

    assert "Inside now" in html
    assert "Registrations waiting for approval" not in html
    assert (
        '<a class="button button-quiet" href="/manage/unity/">'
        in client.get("/manage/").content.decode()
    )


def test_the_dashboard_is_for_the_events_team_only(client, summit):
    assert client.get("/manage/unity/").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/manage/unity/").status_code == 403


def test_the_badge_list_filters_those_not_printed_yet(client, summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)
    Badge.objects.filter(registration__category=summit.speaker).update(print_count=1)

    html = client.get("/manage/unity/badges/?printed=no").content.decode()

    assert "2 approved registrations" in html
    assert "printed 1×" not in html
    assert (
        "1 approved registration"
        in client.get("/manage/unity/badges/?printed=yes").content.decode()
    )


def test_scans_fall_in_the_quarter_hour_of_the_events_clock(summit):
    from datetime import datetime, time

    from registrations.checkin.models import CheckInScan
    from registrations.dashboard.stats import event_stats

    zone = summit.event.tzinfo
    today = timezone.now().astimezone(zone).date()
    scans = list(CheckInScan.objects.order_by("pk"))
    for scan, clock in zip(scans, [time(10, 31), time(10, 44), time(10, 46)], strict=True):
        scan.scanned_at = datetime.combine(today, clock, zone)
        scan.save(update_fields=["scanned_at"])

    data = event_stats(event=summit.event, now=datetime.combine(today, time(23, 59), zone))

    assert [(b["start"][11:16], b["scans"]) for b in data["scans_today"]] == [
        ("10:30", 2),
        ("10:45", 1),
    ]
