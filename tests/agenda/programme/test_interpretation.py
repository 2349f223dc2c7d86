"""Interpretation: a session's floor language and channels, from the draft to every reader.

Edited on the organizer form and through the draft API (bad input named on its row
and field), released into the snapshot, shown on the agenda (and filtered), the
session page, the public API and the personal agenda. The feeds are
tests/agenda/calendars/test_ics.py.
"""

from datetime import timedelta

import pytest
from django.utils import translation
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from agenda.personal.models import PersonalAgendaItem
from agenda.programme.errors import AgendaError
from agenda.programme.interpretation import ChannelInput, channel_problems, language_choices
from agenda.programme.models import InterpretationChannel, Session
from agenda.programme.services import session_create, session_update
from agenda.releases.models import SessionRelease
from events.teams.models import Role
from events.tokens.services import api_token_issue
from tests.agenda.factories import RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db

STREAM = "https://stream.example.org/unity/fr"


def bearer(event, role=Role.PROGRAMME):
    _token, raw = api_token_issue(event=event, role=role)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def interpret(session, actor, floor="ar", **channels):
    """Give the draft session a floor language and channels {language: (channel, url)}."""
    return session_update(
        session_id=session.pk,
        actor=actor,
        changes={"floor_language": floor},
        interpretation=[ChannelInput(code, *where) for code, where in channels.items()],
    )


@pytest.fixture
def plenary(event, actor):
    session = SessionFactory(event=event, title={"en": "Plenary", "ar": "الجلسة العامة"})
    return interpret(session, actor, floor="ar", en=("1", ""), fr=("3", STREAM))


@pytest.fixture
def panel(event):
    return SessionFactory(
        event=event, title={"en": "Side panel"}, starts_at=event.starts_at + timedelta(hours=3)
    )


# --- The rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channels", "expected"),
    [
        ([ChannelInput("fr", "3")], []),
        ([ChannelInput("ru", "", STREAM)], []),
        ([ChannelInput("zh-hans", "5")], []),
        (
            [ChannelInput("fr", "3"), ChannelInput("fr", "4")],
            [(1, "language", "French has a channel already.")],
        ),
        (
            [ChannelInput("ar", "1")],
            [(0, "language", "Arabic is the floor language: it needs no interpretation.")],
        ),
        (
            [ChannelInput("klingon", "9")],
            [
                (
                    0,
                    "language",
                    "“klingon” is not a language code Summit knows (for example fr or zh-hans).",
                )
            ],
        ),
        (
            [ChannelInput("en-gb", "9")],
            [
                (
                    0,
                    "language",
                    "“en-gb” is not a language code Summit knows (for example fr or zh-hans).",
                )
            ],
        ),
        (
            [ChannelInput("es")],
            [(0, "channel", "Give a channel number, a stream address or both.")],
        ),
    ],
)
def test_each_broken_rule_is_named_on_its_row_and_field(channels, expected):
    with translation.override("en"):
        assert channel_problems(floor_language="ar", channels=channels) == expected


def test_the_language_list_leads_with_the_event_languages_and_names_them_in_the_reader_language():
    with translation.override("fr"):
        choices = language_choices(first=["ar", "en", "fr", "es"])
    assert [code for code, _name in choices[:4]] == ["ar", "en", "fr", "es"]
    names = dict(choices)
    assert names["fr"].lower() == "français"
    assert names["ru"].lower() == "russe"
    assert "en-gb" not in names
    assert len(choices) > 80


def test_a_new_session_speaks_the_main_language_unless_told(event, actor):
    room = RoomFactory(event=event)
    data = {
        "title": {"en": "Talk"},
        "kind": "panel",
        "starts_at": event.starts_at,
        "ends_at": event.starts_at + timedelta(hours=1),
        "room": room,
    }

    session = session_create(event=event, actor=actor, data=data)

    assert session.floor_language == event.main_language == "en"
    assert not session.interpretation.exists()


def test_the_service_refuses_a_channel_in_a_new_floor_language(plenary, actor):
    with pytest.raises(AgendaError) as refused:
        session_update(session_id=plenary.pk, actor=actor, changes={"floor_language": "fr"})

    assert refused.value.field == "interpretation"
    assert "French is the floor language" in refused.value.message
    assert Session.objects.get(pk=plenary.pk).floor_language == "ar"


def test_the_service_refuses_an_unknown_floor_language(panel, actor):
    with pytest.raises(AgendaError) as refused:
        session_update(session_id=panel.pk, actor=actor, changes={"floor_language": "xx"})

    assert refused.value.field == "floor_language"


# --- The organizer form ---------------------------------------------------------------


def form_data(event, session, **overrides):
    local = session.starts_at.astimezone(event.tzinfo)
    data = {
        "title_en": str(session.title),
        "kind": session.kind,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": session.ends_at.astimezone(event.tzinfo).strftime("%Y-%m-%dT%H:%M"),
        "room": session.room_id,
        "status": "confirmed",
        "visibility": "public",
        "floor_language": "ar",
        "interpretation-TOTAL_FORMS": "3",
        "interpretation-INITIAL_FORMS": "0",
        "interpretation-MIN_NUM_FORMS": "0",
        "interpretation-MAX_NUM_FORMS": "12",
        "interpretation-0-language": "en",
        "interpretation-0-channel": "1",
        "interpretation-1-language": "fr",
        "interpretation-1-channel": "3",
        "interpretation-1-stream_url": STREAM,
    }
    data.update(overrides)
    return data


def test_the_form_saves_the_floor_language_and_channels(client, event, panel, programme_manager):
    url = f"/manage/unity/agenda/sessions/{panel.pk}/"

    response = client.post(url, form_data(event, panel))

    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.floor_language == "ar"
    assert list(panel.interpretation.values_list("language", "channel", "stream_url")) == [
        ("en", "1", ""),
        ("fr", "3", STREAM),
    ]
    page = client.get(url).content.decode()
    assert 'name="interpretation-1-stream_url"' in page
    assert STREAM in page


def test_the_form_keeps_the_channels_when_a_post_has_no_channel_rows(
    client, event, plenary, programme_manager
):
    data = {
        key: value
        for key, value in form_data(event, plenary, title_en="Renamed").items()
        if not key.startswith("interpretation")
    }

    response = client.post(f"/manage/unity/agenda/sessions/{plenary.pk}/", data)

    assert response.status_code == 302
    assert Session.objects.get(pk=plenary.pk).title.get("en") == "Renamed"
    assert plenary.interpretation.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"interpretation-1-language": "en"},
            "interpretation-1-language",
            "English has a channel already.",
        ),
        (
            {"interpretation-0-language": "ar"},
            "interpretation-0-language",
            "Arabic is the floor language: it needs no interpretation.",
        ),
        (
            {"interpretation-1-stream_url": "not a url"},
            "interpretation-1-stream_url",
            "Enter a valid URL.",
        ),
        (
            {"interpretation-1-language": "klingon"},
            "interpretation-1-language",
            "Select a valid choice.",
        ),
        (
            {"interpretation-2-channel": "7"},
            "interpretation-2-language",
            "Choose the language of this channel.",
        ),
        (
            {"interpretation-0-channel": ""},
            "interpretation-0-channel",
            "Give a channel number, a stream address or both.",
        ),
        ({"floor_language": "klingon"}, "floor_language", "Select a valid choice."),
    ],
)
def test_the_form_names_each_bad_channel_on_its_field(
    client, event, panel, programme_manager, overrides, field, message
):
    response = client.post(
        f"/manage/unity/agenda/sessions/{panel.pk}/", form_data(event, panel, **overrides)
    )

    page = response.content.decode()
    assert response.status_code == 400
    error_block = page.split(f'id="id_{field}-field"')[1].split("</div>")[0]
    assert message in error_block
    assert 'role="alert"' in page
    assert not InterpretationChannel.objects.filter(session=panel).exists()


def test_the_arabic_form_names_the_languages_in_arabic(client, event, panel, programme_manager):
    page = client.get(
        f"/manage/unity/agenda/sessions/{panel.pk}/", HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()

    assert '<option value="fr">الفرنسية</option>' in page
    assert '<option value="ru">الروسيّة</option>' in page


# --- The draft API --------------------------------------------------------------------


def test_the_draft_api_writes_and_reads_the_channels(api_client, event, panel, release):
    body = {
        "floor_language": "ar",
        "interpretation": [
            {"language": "en", "channel": "1"},
            {"language": "fr", "channel": "3", "stream_url": STREAM},
        ],
    }

    response = api_client.patch(
        f"/api/v1/events/unity/draft/sessions/{panel.pk}/", body, format="json", **bearer(event)
    )

    assert response.status_code == 200, response.json()
    again = api_client.get(
        f"/api/v1/events/unity/draft/sessions/{panel.pk}/", **bearer(event)
    ).json()
    assert again["floor_language"] == "ar"
    assert again["interpretation"] == [
        {"language": "en", "channel": "1", "stream_url": ""},
        {"language": "fr", "channel": "3", "stream_url": STREAM},
    ]
    # A PATCH without the list keeps it; an empty list removes every channel.
    api_client.patch(
        f"/api/v1/events/unity/draft/sessions/{panel.pk}/",
        {"title": {"en": "Renamed"}},
        format="json",
        **bearer(event),
    )
    assert panel.interpretation.count() == 2
    api_client.patch(
        f"/api/v1/events/unity/draft/sessions/{panel.pk}/",
        {"interpretation": []},
        format="json",
        **bearer(event),
    )
    assert panel.interpretation.count() == 0


def test_a_session_created_through_the_api_carries_its_channels(api_client, event):
    RoomFactory(event=event, slug="hall-a")
    starts = event.starts_at + timedelta(hours=5)

    response = api_client.post(
        "/api/v1/events/unity/draft/sessions/",
        {
            "title": {"en": "Drug trade routes"},
            "kind": "plenary",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1)).isoformat(),
            "room": "hall-a",
            "interpretation": [{"language": "ar", "channel": "1"}],
        },
        format="json",
        **bearer(event),
    )

    assert response.status_code == 201, response.json()
    assert response.json()["floor_language"] == "en"
    assert response.json()["interpretation"] == [
        {"language": "ar", "channel": "1", "stream_url": ""}
    ]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"interpretation": [{"language": "fr", "channel": "3"}, {"language": "fr"}]},
            {
                "interpretation": {
                    "1": {
                        "language": ["French has a channel already."],
                        "channel": ["Give a channel number, a stream address or both."],
                    },
                }
            },
        ),
        (
            {"floor_language": "fr", "interpretation": [{"language": "fr", "channel": "3"}]},
            {
                "interpretation": {
                    "0": {"language": ["French is the floor language: it needs no interpretation."]}
                }
            },
        ),
        (
            {"floor_language": "en"},
            {
                "interpretation": {
                    "0": {
                        "language": ["English is the floor language: it needs no interpretation."]
                    },
                }
            },
        ),
        (
            {"interpretation": [{"language": "fr", "stream_url": "ftp:/nowhere"}]},
            {"interpretation": {"0": {"stream_url": ["Enter a valid URL."]}}},
        ),
        (
            {"interpretation": [{"language": "xx", "channel": "1"}]},
            {
                "interpretation": {
                    "0": {
                        "language": [
                            "“xx” is not a language code Summit knows (for example fr or zh-hans)."
                        ]
                    }
                }
            },
        ),
        (
            {"floor_language": "xx"},
            {
                "floor_language": [
                    "“xx” is not a language code Summit knows (for example fr or zh-hans)."
                ]
            },
        ),
        (
            {"interpretation": [{"language": 3, "channel": "1"}]},
            {"interpretation": {"0": {"language": ["Not a valid string."]}}},
        ),
    ],
)
def test_the_draft_api_names_each_bad_channel(api_client, event, plenary, body, errors):
    response = api_client.patch(
        f"/api/v1/events/unity/draft/sessions/{plenary.pk}/", body, format="json", **bearer(event)
    )

    assert response.status_code == 400
    assert response.json() == errors
    assert list(plenary.interpretation.values_list("language", flat=True)) == ["en", "fr"]
    assert Session.objects.get(pk=plenary.pk).floor_language == "ar"


def test_a_french_client_reads_the_api_errors_in_french(api_client, event, plenary):
    response = api_client.patch(
        f"/api/v1/events/unity/draft/sessions/{plenary.pk}/",
        {"interpretation": [{"language": "fr", "stream_url": "nowhere"}]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
        **bearer(event),
    )

    assert response.json() == {
        "interpretation": {"0": {"stream_url": ["Saisissez une URL valide."]}}
    }


# --- Released -------------------------------------------------------------------------


def test_the_release_snapshots_the_channels_and_a_change_counts(event, plenary, actor, release):
    first = release(event)
    snapshot = SessionRelease.objects.get(release=first, session=plenary)
    assert snapshot.floor_language == "ar"
    assert snapshot.interpretation == [
        {"language": "en", "channel": "1", "stream_url": ""},
        {"language": "fr", "channel": "3", "stream_url": STREAM},
    ]

    interpret(plenary, actor, floor="ar", en=("1", ""), fr=("3", STREAM), es=("4", ""))
    second = release(event)

    changed = SessionRelease.objects.get(release=second, session=plenary)
    assert changed.changes == ["details"]
    assert changed.sequence == snapshot.sequence  # the time and room stand: no reschedule
    assert [row["language"] for row in changed.interpretation] == ["en", "fr", "es"]
    assert second.content_digest != first.content_digest


def test_the_agenda_shows_the_floor_and_the_channels(client, event, plenary, panel, release):
    release(event)

    page = client.get("/e/unity/agenda/").content.decode()

    assert "Floor: Arabic" in page
    assert "Interpretation:" in page
    assert 'English ch. <bdi dir="ltr">1</bdi>' in page
    assert 'French ch. <bdi dir="ltr">3</bdi>' in page
    # A session in the main language without interpretation says nothing of languages.
    side = page.split("Side panel")[1]
    assert "Floor:" not in side


def test_the_agenda_filters_the_sessions_one_can_follow_in_a_language(
    client, event, plenary, panel, actor, release
):
    french_floor = SessionFactory(
        event=event,
        title={"en": "Francophone round table"},
        starts_at=event.starts_at + timedelta(hours=5),
    )
    interpret(french_floor, actor, floor="fr", en=("2", ""))
    release(event)

    french = client.get("/e/unity/agenda/?interpretation=fr").content.decode()
    spanish = client.get("/e/unity/agenda/?interpretation=es").content.decode()
    nonsense = client.get("/e/unity/agenda/?interpretation=%3Cb%3E").content.decode()

    assert "Plenary" in french
    assert "Francophone round table" in french
    assert "Side panel" not in french
    assert '<option value="fr" selected>French</option>' in french
    assert "No session matches these filters on this day." in spanish
    assert "Side panel" in nonsense  # an unknown language filters nothing


def test_the_session_page_lists_the_channels_with_their_streams(client, event, plenary, release):
    release(event)

    page = client.get(f"/e/unity/sessions/{plenary.pk}/").content.decode()

    assert "Floor language" in page
    assert "<dd>Arabic</dd>" in page
    assert f'<a href="{STREAM}" rel="noopener noreferrer" target="_blank">Listen online' in page
    assert f'<bdi dir="ltr">{STREAM}</bdi>' in page
    assert '<strong>French</strong> — channel <bdi dir="ltr">3</bdi>' in page


def test_the_arabic_session_page_names_the_languages_in_arabic(client, event, plenary, release):
    release(event)

    page = client.get(f"/e/unity/sessions/{plenary.pk}/", HTTP_ACCEPT_LANGUAGE="ar")

    text = page.content.decode()
    assert 'dir="rtl"' in text
    assert "<dd>العربية</dd>" in text
    assert "<strong>الإنجليزية</strong>" in text
    assert "<strong>الفرنسية</strong>" in text


def test_the_public_api_carries_the_languages_and_filters_by_them(
    api_client, event, plenary, panel, release
):
    release(event)

    body = api_client.get("/api/v1/events/unity/sessions/").json()
    french = api_client.get("/api/v1/events/unity/sessions/?interpretation=fr").json()
    in_french = api_client.get(
        f"/api/v1/events/unity/sessions/{plenary.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).json()

    by_id = {row["id"]: row for row in body["results"]}
    assert by_id[plenary.pk]["floor_language"] == "ar"
    assert by_id[plenary.pk]["floor_language_name"] == "Arabic"
    assert by_id[plenary.pk]["interpretation"] == [
        {"language": "en", "language_name": "English", "channel": "1", "stream_url": ""},
        {"language": "fr", "language_name": "French", "channel": "3", "stream_url": STREAM},
    ]
    assert by_id[panel.pk]["floor_language"] == "en"
    assert by_id[panel.pk]["interpretation"] == []
    assert [row["id"] for row in french["results"]] == [plenary.pk]
    assert in_french["interpretation"][1]["language_name"].lower() == "français"


def test_the_personal_agenda_shows_the_channels(client, event, plenary, release, make_registration):
    registration = make_registration()
    PersonalAgendaItem.objects.create(registration=registration, session=plenary)
    release(event)

    page = client.get(f"/me/{registration.secret_token}/").content.decode()
    chosen = page.split("Sessions you plan to attend")[1].split("Your calendar")[0]

    assert "Floor: Arabic" in chosen
    assert "French" in chosen


def test_the_personal_feed_carries_the_channels(client, event, plenary, release, make_registration):
    registration = make_registration()
    PersonalAgendaItem.objects.create(registration=registration, session=plenary)
    release(event)

    body = client.get(f"/feeds/{registration.feed_secret}/calendar.ics").content

    (component,) = Calendar.from_ical(body).walk("VEVENT")
    lines = str(component["DESCRIPTION"]).splitlines()
    assert "Floor language: Arabic" in lines
    assert "Interpretation into English: channel 1" in lines
    assert f"Interpretation into French: channel 3, {STREAM}" in lines
    (parsed,) = IcsCalendarStream.from_ics(body.decode()).calendars[0].events
    assert "Interpretation into English: channel 1" in parsed.description
