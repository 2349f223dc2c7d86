from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agenda.releases.services import schedule_release
from events.audit.services import Actor
from events.teams.models import Role
from events.teams.services import team_member_add
from tests.factories import CategoryFactory, EventFactory, RegistrationFactory, UserFactory


@pytest.fixture
def event():
    """A published summit in Abu Dhabi, 12-13 May of next year, 09:00-18:00 (Asia/Dubai)."""
    dubai = ZoneInfo("Asia/Dubai")
    year = datetime.now(dubai).year + 1
    starts = datetime(year, 5, 12, 9, tzinfo=dubai)
    return EventFactory(
        slug="unity",
        name={"en": "Unity Summit", "ar": "قمة الاتحاد"},
        venue_name={"en": "Exhibition Centre", "ar": "مركز المعارض"},
        timezone="Asia/Dubai",
        starts_at=starts,
        ends_at=starts + timedelta(days=1, hours=9),
        registration_opens_at=starts - timedelta(days=300),
        registration_closes_at=starts - timedelta(days=1),
    )


@pytest.fixture
def speaker_category(event):
    return CategoryFactory(event=event, slug="speaker", name={"en": "Speaker"})


@pytest.fixture
def delegate_category(event):
    return CategoryFactory(event=event, slug="delegate", name={"en": "Delegate"})


@pytest.fixture
def make_registration(event, delegate_category):
    def make(**fields):
        fields.setdefault("category", delegate_category)
        fields.setdefault("status", "approved")
        return RegistrationFactory(event=event, **fields)

    return make


@pytest.fixture
def make_speaker(event, speaker_category):
    def make(**fields):
        fields.setdefault("status", "approved")
        return RegistrationFactory(event=event, category=speaker_category, **fields)

    return make


@pytest.fixture
def release():
    def publish(event, comment=""):
        return schedule_release(event_id=event.pk, actor=Actor(label="test"), comment=comment)

    return publish


@pytest.fixture
def actor():
    return Actor(label="programme manager")


@pytest.fixture
def programme_manager(client, event):
    """A signed-in member of the event's programme team."""
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.PROGRAMME)
    client.force_login(user)
    return user
