"""The event's settings page, `/manage/<slug>/settings/` (admins)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from events.audit.models import AuditEntry
from events.summit.models import Event
from events.teams.models import Role
from events.teams.services import team_member_add
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db
DUBAI = ZoneInfo("Asia/Dubai")


@pytest.fixture
def event():
    starts = datetime(2027, 5, 12, 9, tzinfo=DUBAI)
    return EventFactory(
        slug="unity",
        name={"en": "Unity Summit", "ar": "قمة الاتحاد"},
        venue_name={"en": "Exhibition Centre"},
        timezone="Asia/Dubai",
        starts_at=starts,
        ends_at=datetime(2027, 5, 13, 18, tzinfo=DUBAI),
        registration_opens_at=None,
        registration_closes_at=None,
        languages=["en", "ar"],
        main_language="en",
    )


@pytest.fixture
def admin(client, event):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ADMIN)
    client.force_login(user)
    return client


def form(**changes):
    data = {
        "name_en": "Unity Summit",
        "name_ar": "قمة الاتحاد",
        "venue_name_en": "Exhibition Centre",
        "is_published": "on",
        "timezone": "Asia/Dubai",
        "starts_at": "2027-05-12T09:00",
        "ends_at": "2027-05-13T18:00",
        "languages": ["en", "ar"],
        "main_language": "en",
        "badge_languages_0": "",
        "badge_languages_1": "",
        "badge_format": "cr80",
        "summit_reminder_hours": "24",
        "session_reminder_minutes": "30",
        "speaker_reminder_minutes": "60",
        "retention_days": "90",
    }
    return {**data, **changes}


def test_the_page_shows_the_settings_with_times_in_the_summits_zone(admin, event):
    page = admin.get("/manage/unity/settings/")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="2027-05-12T09:00"' in html  # 05:00 UTC, shown in Dubai time
    assert 'name="name_ar"' in html
    assert 'name="name_fr"' not in html  # the event does not offer French
    assert '<option value="Asia/Dubai" selected>' in html


def test_an_admin_adds_french_and_chooses_the_badge_languages(admin, event):
    response = admin.post(
        "/manage/unity/settings/",
        form(
            languages=["en", "ar", "fr"],
            badge_languages_0="ar",
            badge_languages_1="en",
            starts_at="2027-05-12T08:30",
            registration_closes_at="2027-05-01T23:59",
            capacity="1200",
        ),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/manage/unity/settings/"
    assert "The summit&#x27;s settings are saved." in response.content.decode()
    event.refresh_from_db()
    assert event.languages == ["en", "ar", "fr"]
    assert event.badge_languages == ["ar", "en"]
    assert event.starts_at == datetime(2027, 5, 12, 8, 30, tzinfo=DUBAI)
    assert event.registration_closes_at == datetime(2027, 5, 1, 23, 59, tzinfo=DUBAI)
    assert event.capacity == 1200
    entry = AuditEntry.objects.get(action="event.settings_changed")
    assert set(entry.data["fields"]) == {
        "languages",
        "badge_languages",
        "starts_at",
        "registration_closes_at",
        "capacity",
    }
    # The next visit edits French content too.
    assert 'name="name_fr"' in admin.get("/manage/unity/settings/").content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"languages": []}, "languages", "Choose at least one language."),
        ({"main_language": "fr"}, "main_language", "must be one of the event"),
        ({"badge_languages_0": "es"}, "badge_languages", "Not one of the event's languages: es"),
        (
            {"badge_languages_0": "ar", "badge_languages_1": "ar"},
            "badge_languages",
            "Choose each badge language once.",
        ),
        ({"ends_at": "2027-05-11T09:00"}, "ends_at", "must end after it starts"),
        (
            {
                "registration_opens_at": "2027-05-01T09:00",
                "registration_closes_at": "2027-04-01T09:00",
            },
            "registration_closes_at",
            "must close after it opens",
        ),
        ({"timezone": "Mars/Olympus"}, "timezone", "Select a valid choice."),
        ({"name_en": ""}, "name", "main language"),
        ({"retention_days": "-1"}, "retention_days", "greater than or equal to 0"),
    ],
)
def test_a_bad_setting_is_named_on_its_field_and_nothing_is_saved(
    admin, event, changes, field, words
):
    before = Event.objects.values().get(pk=event.pk)

    page = admin.post("/manage/unity/settings/", form(**changes))

    assert page.status_code == 400
    errors = page.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert Event.objects.values().get(pk=event.pk) == before
    assert not AuditEntry.objects.filter(action="event.settings_changed").exists()


def test_a_bad_setting_is_explained_in_the_admins_language(admin, event):
    admin.cookies["django_language"] = "fr"

    page = admin.post("/manage/unity/settings/", form(languages=[]))

    assert "Choisissez au moins une langue." in page.content.decode()


def test_saving_unchanged_settings_writes_no_audit_entry(admin, event):
    admin.post("/manage/unity/settings/", form())

    assert not AuditEntry.objects.filter(action="event.settings_changed").exists()


def test_only_the_events_admins_change_its_settings(client, event):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)

    assert client.get("/manage/unity/settings/").status_code == 403
    assert client.post("/manage/unity/settings/", form(capacity="1")).status_code == 403
    event.refresh_from_db()
    assert event.capacity is None
