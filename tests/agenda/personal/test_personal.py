"""Personal agendas: on the registrant's page, through the API, and as a secret feed."""

import re
from datetime import timedelta

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from agenda.personal.models import PersonalAgendaItem
from agenda.personal.services import personal_agenda_add, personal_agenda_remove
from agenda.programme.errors import AgendaConflict, AgendaError, AgendaForbidden
from agenda.programme.models import SessionInvitation
from tests.agenda.factories import RoomFactory, SessionFactory, SessionSpeakerFactory
from tests.factories import CategoryFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(event, release):
    small = RoomFactory(event=event, capacity=1, name={"en": "Majlis"})
    open_session = SessionFactory(
        event=event, title={"en": "Open panel"}, starts_at=event.starts_at
    )
    full = SessionFactory(
        event=event,
        room=small,
        title={"en": "Small room"},
        starts_at=event.starts_at + timedelta(hours=2),
    )
    closed = SessionFactory(
        event=event,
        title={"en": "Closed round table"},
        visibility="invitation",
        starts_at=event.starts_at + timedelta(hours=4),
    )
    release(event)
    draft_only = SessionFactory(
        event=event,
        title={"en": "Not yet published"},
        starts_at=event.starts_at + timedelta(hours=6),
    )
    return {"open": open_session, "full": full, "closed": closed, "draft": draft_only}


def test_a_registrant_adds_and_removes_a_session_on_their_page(client, make_registration, sessions):
    registration = make_registration()
    page = f"/me/{registration.secret_token}/"

    response = client.post(f"{page}agenda/add/", {"session": sessions["open"].pk}, follow=True)

    assert response.redirect_chain[-1][0] == f"{page}#agenda"
    assert "“Open panel” is in your agenda." in response.content.decode()
    assert PersonalAgendaItem.objects.filter(registration=registration).count() == 1
    response = client.post(f"{page}agenda/remove/", {"session": sessions["open"].pk}, follow=True)
    assert "The session is out of your agenda." in response.content.decode()
    assert not PersonalAgendaItem.objects.exists()


def test_the_page_section_lists_sessions_with_their_state(client, make_registration, sessions):
    registration = make_registration()
    PersonalAgendaItem.objects.create(registration=registration, session=sessions["open"])
    PersonalAgendaItem.objects.create(registration=make_registration(), session=sessions["full"])

    page = client.get(f"/me/{registration.secret_token}/").content.decode()

    assert 'id="agenda"' in page
    assert "Sessions you plan to attend" in page
    assert "In your agenda" in page
    assert "Full" in page
    assert "By invitation only" in page
    assert "Not yet published" not in page
    assert f"/feeds/{registration.feed_secret}/calendar.ics" in page


def test_a_full_session_refuses_with_a_clear_message(make_registration, sessions):
    personal_agenda_add(registration=make_registration(), session_id=sessions["full"].pk)

    with pytest.raises(AgendaConflict) as refused:
        personal_agenda_add(registration=make_registration(), session_id=sessions["full"].pk)

    assert refused.value.message == "“Small room” is full: all 1 places are taken."


def test_places_of_cancelled_registrations_do_not_count(make_registration, sessions):
    gone = make_registration()
    personal_agenda_add(registration=gone, session_id=sessions["full"].pk)
    gone.status = "cancelled"
    gone.save()

    personal_agenda_add(registration=make_registration(), session_id=sessions["full"].pk)

    assert PersonalAgendaItem.objects.filter(session=sessions["full"]).count() == 2


def test_an_invitation_only_session_admits_invited_registrants_only(
    event, make_registration, sessions
):
    stranger = make_registration()
    invited = make_registration()
    SessionInvitation.objects.create(session=sessions["closed"], registration=invited)
    heads = CategoryFactory(event=event, slug="head-of-delegation")
    by_category = make_registration(category=heads)
    sessions["closed"].invited_categories.add(heads)

    with pytest.raises(AgendaForbidden) as refused:
        personal_agenda_add(registration=stranger, session_id=sessions["closed"].pk)
    assert "by invitation only" in refused.value.message

    personal_agenda_add(registration=invited, session_id=sessions["closed"].pk)
    personal_agenda_add(registration=by_category, session_id=sessions["closed"].pk)


@pytest.mark.parametrize("session_id", ["999999", "abc", "", None])
def test_an_unknown_session_id_is_refused(make_registration, sessions, session_id):
    with pytest.raises(AgendaError) as refused:
        personal_agenda_add(registration=make_registration(), session_id=session_id)

    assert refused.value.field == "session"
    assert refused.value.message == "There is no session with this number in the programme."


def test_an_unreleased_or_foreign_session_is_unknown(make_registration, sessions, release):
    other_event_session = SessionFactory(event=EventFactory())
    registration = make_registration()

    for session in (sessions["draft"], other_event_session):
        with pytest.raises(AgendaError) as refused:
            personal_agenda_add(registration=registration, session_id=session.pk)
        assert refused.value.code == "unknown_session"


def test_a_rejected_registrant_cannot_plan_sessions(make_registration, sessions):
    with pytest.raises(AgendaConflict) as refused:
        personal_agenda_add(
            registration=make_registration(status="rejected"), session_id=sessions["open"].pk
        )

    assert "rejected" in refused.value.message


def test_another_registrants_token_changes_nothing_of_mine(client, make_registration, sessions):
    mine = make_registration()
    other = make_registration()
    PersonalAgendaItem.objects.create(registration=mine, session=sessions["open"])

    response = client.post(
        f"/me/{other.secret_token}/agenda/remove/", {"session": sessions["open"].pk}, follow=True
    )

    assert "This session is not in your agenda." in response.content.decode()
    assert PersonalAgendaItem.objects.filter(registration=mine).exists()
    assert personal_agenda_remove(registration=other, session_id=sessions["open"].pk) is False


def test_an_unknown_token_is_not_found(client, sessions):
    token = "x" * 43
    assert (
        client.post(f"/me/{token}/agenda/add/", {"session": sessions["open"].pk}).status_code == 404
    )
    assert client.get(f"/me/{token}/calendar.ics").status_code == 404
    assert client.get(f"/api/v1/me/{token}/agenda/").status_code == 404


def test_the_api_adds_lists_and_removes(api_client, make_registration, sessions):
    registration = make_registration()
    url = f"/api/v1/me/{registration.secret_token}/agenda/"

    created = api_client.post(url, {"session": sessions["open"].pk}, format="json")
    listed = api_client.get(url).json()
    removed = api_client.delete(f"{url}{sessions['open'].pk}/")
    again = api_client.delete(f"{url}{sessions['open'].pk}/")

    assert created.status_code == 201
    assert created.json()["title"]["en"] == "Open panel"
    assert set(listed) == {"count", "next", "previous", "results"}
    assert [s["id"] for s in listed["results"]] == [sessions["open"].pk]
    assert removed.status_code == 204
    assert again.status_code == 404


def test_the_api_answers_refusals_with_the_right_status(api_client, make_registration, sessions):
    first, second = make_registration(), make_registration()
    url = f"/api/v1/me/{second.secret_token}/agenda/"
    api_client.post(
        f"/api/v1/me/{first.secret_token}/agenda/", {"session": sessions["full"].pk}, format="json"
    )

    full = api_client.post(url, {"session": sessions["full"].pk}, format="json")
    closed = api_client.post(url, {"session": sessions["closed"].pk}, format="json")
    unknown = api_client.post(url, {"session": 424242}, format="json")
    garbage = api_client.post(url, {"session": "nope"}, format="json")

    assert full.status_code == 409
    assert full.json()["code"] == "full"
    assert closed.status_code == 403
    assert "invitation" in closed.json()["detail"]
    assert unknown.status_code == 400
    assert unknown.json() == {"session": ["There is no session with this number in the programme."]}
    assert garbage.status_code == 400
    assert "session" in garbage.json()


def test_the_personal_feed_holds_chosen_and_speaking_sessions_with_alarms(
    client, event, make_registration, sessions, release
):
    registration = make_registration()
    PersonalAgendaItem.objects.create(registration=registration, session=sessions["open"])
    speaking = SessionFactory(
        event=event, title={"en": "My talk"}, starts_at=event.starts_at + timedelta(hours=8)
    )
    SessionSpeakerFactory(session=speaking, registration=registration)
    release(event)

    response = client.get(f"/feeds/{registration.feed_secret}/calendar.ics")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Unity Summit — my agenda"
    summaries = sorted(str(c["SUMMARY"]) for c in calendar.walk("VEVENT"))
    assert summaries == ["My talk", "Open panel"]
    (alarm, _second) = calendar.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-event.session_reminder_minutes)
    parsed = IcsCalendarStream.from_ics(response.content.decode()).calendars[0]
    assert {e.summary for e in parsed.events} == {"My talk", "Open panel"}
    assert all(e.alarm[0].trigger == timedelta(minutes=-30) for e in parsed.events)


def test_the_personal_feed_speaks_the_registrants_language_unless_asked_another(
    client, event, make_registration, sessions
):
    registration = make_registration(language="ar")
    PersonalAgendaItem.objects.create(registration=registration, session=sessions["open"])
    url = f"/feeds/{registration.feed_secret}/calendar.ics"

    arabic = Calendar.from_ical(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content)
    english = Calendar.from_ical(client.get(f"{url}?lang=en").content)

    assert str(arabic["X-WR-CALNAME"]).startswith("قمة الاتحاد")
    assert str(english["X-WR-CALNAME"]) == "Unity Summit — my agenda"


def test_the_personal_feed_follows_a_release_that_moves_and_cancels(
    client, event, make_registration, sessions, release, actor
):
    from agenda.programme.services import session_update

    registration = make_registration()
    for key in ("open", "full"):
        PersonalAgendaItem.objects.create(registration=registration, session=sessions[key])
    url = f"/feeds/{registration.feed_secret}/calendar.ics"
    etag = client.get(url)["ETag"]
    session_update(
        session_id=sessions["open"].pk,
        actor=actor,
        changes={
            "starts_at": event.starts_at + timedelta(hours=9),
            "ends_at": event.starts_at + timedelta(hours=10),
        },
    )
    session_update(session_id=sessions["full"].pk, actor=actor, changes={"status": "cancelled"})
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # draft only
    release(event)

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    events = {
        e.summary: e
        for e in IcsCalendarStream.from_ics(response.content.decode()).calendars[0].events
    }
    assert events["Open panel"].dtstart == event.starts_at + timedelta(hours=9)
    assert events["Open panel"].sequence == 1
    assert events["Small room"].status.value == "CANCELLED"
    assert events["Small room"].sequence == 1
    assert not [
        a
        for a in Calendar.from_ical(response.content).walk("VEVENT")
        if str(a["SUMMARY"]) == "Small room" and a.walk("VALARM")
    ]


def test_a_pending_registrant_may_keep_an_agenda(make_registration, sessions):
    item = personal_agenda_add(
        registration=make_registration(status="pending"), session_id=sessions["open"].pk
    )

    assert item.pk


def test_adding_twice_keeps_one_entry(make_registration, sessions):
    registration = make_registration()
    personal_agenda_add(registration=registration, session_id=sessions["open"].pk)
    personal_agenda_add(registration=registration, session_id=sessions["open"].pk)

    assert PersonalAgendaItem.objects.filter(registration=registration).count() == 1


def test_removing_a_session_makes_the_feed_newer_for_if_modified_since(
    client, make_registration, sessions
):
    from django.utils import timezone

    from agenda.personal.models import PersonalAgendaChange
    from agenda.releases.models import SessionRelease

    registration = make_registration()
    personal_agenda_add(registration=registration, session_id=sessions["open"].pk)
    personal_agenda_add(registration=registration, session_id=sessions["full"].pk)
    an_hour_ago = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    SessionRelease.objects.update(last_modified_at=an_hour_ago)
    PersonalAgendaChange.objects.update(changed_at=an_hour_ago)
    url = f"/feeds/{registration.feed_secret}/calendar.ics"
    modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    personal_agenda_remove(registration=registration, session_id=sessions["full"].pk)

    response = client.get(url, HTTP_IF_MODIFIED_SINCE=modified)
    assert response.status_code == 200
    assert b"Small room" not in response.content


# --- One secret per purpose: the feed's own read-only secret ----------------------------


def calendar_hrefs(page: str) -> list[str]:
    """Every link of the page that a calendar application or provider receives."""
    from urllib.parse import unquote

    hrefs = [unquote(href) for href in re.findall(r'href="([^"]+)"', page)]
    return [href for href in hrefs if ".ics" in href or "calendar" in href.lower()]


def test_the_page_links_its_calendar_only_through_the_feed_secret(
    client, make_registration, sessions
):
    registration = make_registration()

    page = client.get(f"/me/{registration.secret_token}/").content.decode()

    feed = f"/feeds/{registration.feed_secret}/calendar.ics"
    links = calendar_hrefs(page)
    assert any(link.startswith("webcal://") and link.endswith(feed) for link in links)
    assert any(link.startswith("https://calendar.google.com/") and feed in link for link in links)
    assert any(link.startswith("https://outlook.") and feed in link for link in links)
    assert f"/feeds/{registration.feed_secret}/calendar.ics" in links  # the download
    assert not [link for link in links if registration.secret_token in link]


def test_the_feed_serves_the_agenda_with_etag_and_304(client, make_registration, sessions):
    registration = make_registration()
    PersonalAgendaItem.objects.create(registration=registration, session=sessions["open"])
    url = f"/feeds/{registration.feed_secret}/calendar.ics"

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert [str(c["SUMMARY"]) for c in Calendar.from_ical(response.content).walk("VEVENT")] == [
        "Open panel"
    ]
    assert response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_the_old_feed_address_redirects_to_the_feed_so_subscriptions_keep_working(
    client, make_registration, sessions
):
    registration = make_registration()

    response = client.get(f"/me/{registration.secret_token}/calendar.ics?lang=ar")

    assert response.status_code == 301
    assert response["Location"] == f"/feeds/{registration.feed_secret}/calendar.ics?lang=ar"
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert followed["Content-Type"].startswith("text/calendar")


SECRET_PAGE_GETS = [
    "/me/{secret}/",
    "/me/{secret}/badge.png",
    "/me/{secret}/badge.pdf",
    "/me/{secret}/photo.jpg",
    "/me/{secret}/calendar.ics",
    "/api/v1/me/{secret}/agenda/",
]
SECRET_PAGE_POSTS = [
    "/me/{secret}/",
    "/me/{secret}/cancel/",
    "/me/{secret}/delete/",
    "/me/{secret}/new-link/",
    "/me/{secret}/agenda/add/",
    "/me/{secret}/agenda/remove/",
]


@pytest.mark.parametrize("path", SECRET_PAGE_GETS)
def test_the_feed_secret_opens_no_page_of_the_registrant(client, make_registration, path, sessions):
    registration = make_registration()

    assert client.get(path.format(secret=registration.feed_secret)).status_code == 404


@pytest.mark.parametrize("path", SECRET_PAGE_POSTS)
def test_the_feed_secret_changes_nothing(client, make_registration, path, sessions):
    registration = make_registration()

    response = client.post(
        path.format(secret=registration.feed_secret),
        {"session": sessions["open"].pk, "first_name": "Mallory"},
    )

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "approved"
    assert registration.first_name != "Mallory"
    assert not PersonalAgendaItem.objects.exists()


def test_the_page_token_is_no_feed_secret(client, make_registration, sessions):
    registration = make_registration()

    assert client.get(f"/feeds/{registration.secret_token}/calendar.ics").status_code == 404
    assert client.get(f"/feeds/{'x' * 43}/calendar.ics").status_code == 404
