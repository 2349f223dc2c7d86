"""Deleting a draft session cannot be undone: its button opens a confirmation page."""

import pytest

from agenda.programme.models import Session
from events.teams.models import Role
from events.teams.services import team_member_add
from tests.agenda.factories import SessionFactory, SessionSpeakerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_confirmation_names_the_session_and_its_speakers(
    client, event, programme_manager, make_registration
):
    session = SessionFactory(event=event, title={"en": "Borders and trust"})
    speaker = make_registration(first_name="Layla", last_name="Mansour")
    SessionSpeakerFactory(session=session, registration=speaker)

    page = client.get(f"/manage/unity/agenda/sessions/{session.pk}/delete/").content.decode()

    assert "Borders and trust" in page
    assert "will be deleted from the draft programme" in page
    assert "Layla" in page
    assert "Mansour" in page
    assert "This cannot be undone" in page
    assert 'name="confirm" value="yes"' in page
    assert f'href="/manage/unity/agenda/sessions/{session.pk}/"' in page


def test_the_old_one_click_delete_deletes_nothing(client, event, programme_manager):
    session = SessionFactory(event=event)

    response = client.post(f"/manage/unity/agenda/sessions/{session.pk}/delete/")

    assert response.status_code == 200
    assert Session.objects.filter(pk=session.pk).exists()


def test_the_confirmed_delete_deletes(client, event, programme_manager):
    session = SessionFactory(event=event)

    response = client.post(
        f"/manage/unity/agenda/sessions/{session.pk}/delete/", {"confirm": "yes"}
    )

    assert response.status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_the_session_page_links_to_the_confirmation(client, event, programme_manager):
    session = SessionFactory(event=event)

    page = client.get(f"/manage/unity/agenda/sessions/{session.pk}/").content.decode()

    assert f'href="/manage/unity/agenda/sessions/{session.pk}/delete/"' in page
    assert f'action="/manage/unity/agenda/sessions/{session.pk}/delete/"' not in page


def test_another_role_may_not_delete(client, event):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.CHECKIN)
    client.force_login(user)
    session = SessionFactory(event=event)

    response = client.post(
        f"/manage/unity/agenda/sessions/{session.pk}/delete/", {"confirm": "yes"}
    )

    assert response.status_code == 403
    assert Session.objects.filter(pk=session.pk).exists()
