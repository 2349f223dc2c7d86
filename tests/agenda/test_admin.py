"""The admin runs the programme's checks too."""

from datetime import UTC

import pytest

from agenda.programme.models import Session
from tests.agenda.factories import RoomFactory, SessionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/agenda/session/",
        "/admin/agenda/session/add/",
        "/admin/agenda/room/",
        "/admin/agenda/track/",
        "/admin/agenda/schedulerelease/",
        "/admin/agenda/speakerprofile/",
        "/admin/agenda/personalagendaitem/",
    ],
)
def test_admin_pages_open(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_the_admin_refuses_a_double_booked_room(admin_client, event):
    room = RoomFactory(event=event, name={"en": "Hall A"})
    booked = SessionFactory(
        event=event, room=room, title={"en": "Opening"}, starts_at=event.starts_at
    )
    # The admin works in UTC (TIME_ZONE): the same instants as the booked session.
    start, end = booked.starts_at.astimezone(UTC), booked.ends_at.astimezone(UTC)

    response = admin_client.post(
        "/admin/agenda/session/add/",
        {
            "event": event.pk,
            "title_en": "Clash",
            "kind": "panel",
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": start.strftime("%H:%M:%S"),
            "ends_at_0": end.strftime("%Y-%m-%d"),
            "ends_at_1": end.strftime("%H:%M:%S"),
            "room": room.pk,
            "status": "confirmed",
            "visibility": "public",
            "speakers-TOTAL_FORMS": 0,
            "speakers-INITIAL_FORMS": 0,
            "invitations-TOTAL_FORMS": 0,
            "invitations-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "already booked at this time for “Opening”" in response.content.decode()
    assert Session.objects.count() == 1
