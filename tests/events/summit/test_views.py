from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from events.teams.models import Role
from events.teams.services import team_member_add
from tests.factories import CategoryFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_summits(client):
    EventFactory(name={"en": "Unity for Security"})
    EventFactory(name={"en": "Hidden draft"}, is_published=False)

    page = client.get("/").content.decode()

    assert "Unity for Security" in page
    assert "Hidden draft" not in page


def test_event_page_shows_times_in_the_event_timezone(client):
    event = EventFactory(
        timezone="Asia/Dubai",
        starts_at=datetime(2027, 3, 10, 5, 0, tzinfo=ZoneInfo("UTC")),
        ends_at=datetime(2027, 3, 11, 14, 0, tzinfo=ZoneInfo("UTC")),
        registration_opens_at=None,
        registration_closes_at=None,
    )

    page = client.get(f"/e/{event.slug}/").content.decode()

    # 05:00 UTC is 09:00 in Dubai; the zone is named with its offset.
    assert 'datetime="2027-03-10T09:00:00+04:00"' in page
    assert "Dubai (UTC+04:00)" in page


def test_event_page_lists_only_public_categories(client):
    event = EventFactory()
    CategoryFactory(event=event, name={"en": "Delegate"})
    CategoryFactory(event=event, name={"en": "Security staff"}, is_public=False)

    page = client.get(f"/e/{event.slug}/").content.decode()

    assert "Delegate" in page
    assert "Security staff" not in page


def test_a_draft_is_hidden_from_the_public_but_previewed_by_its_team(client):
    event = EventFactory(is_published=False)
    organizer = UserFactory()
    team_member_add(event=event, user=organizer, role=Role.PROGRAMME)

    assert client.get(f"/e/{event.slug}/").status_code == 404
    client.force_login(organizer)
    assert client.get(f"/e/{event.slug}/").status_code == 200


def test_arabic_pages_are_right_to_left_with_arabic_names(client):
    event = EventFactory(name={"en": "Unity", "ar": "الاتحاد"})

    page = client.get(f"/e/{event.slug}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>الاتحاد</h1>" in page
    assert "التسجيل" in page  # "Registration", translated


def test_the_language_switcher_changes_the_language(client):
    event = EventFactory(name={"en": "Unity", "ar": "الاتحاد"})

    response = client.post(
        "/i18n/setlang/", {"language": "ar", "next": f"/e/{event.slug}/"}, follow=True
    )

    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_english_is_the_default_and_left_to_right(client):
    event = EventFactory(name={"en": "Unity", "ar": "الاتحاد"})

    page = client.get(f"/e/{event.slug}/").content.decode()

    assert '<html lang="en" dir="ltr">' in page
    assert "<h1>Unity</h1>" in page


def test_organizer_area_needs_a_login_and_lists_the_roles(client):
    event = EventFactory(name={"en": "Unity"})
    organizer = UserFactory()
    team_member_add(event=event, user=organizer, role=Role.ACCREDITATION)

    assert client.get("/manage/").status_code == 302
    client.force_login(organizer)
    page = client.get("/manage/").content.decode()
    assert "Unity" in page
    assert "Accreditation officer" in page


def test_organizer_can_sign_in_with_a_password(client):
    UserFactory(username="officer")

    response = client.post(
        "/manage/login/", {"username": "officer", "password": "correct horse battery"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/manage/"


def test_a_wrong_password_shows_an_error_summary(client):
    UserFactory(username="officer")

    page = client.post("/manage/login/", {"username": "officer", "password": "nope"})

    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
