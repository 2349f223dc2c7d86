"""Schedule releases: preview, numbering, SEQUENCE, cancellation, change notices."""

import importlib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import TestCase
from icalendar import Calendar

from agenda.personal.models import PersonalAgendaItem
from agenda.programme.errors import AgendaConflict
from agenda.programme.services import session_update
from agenda.releases.models import ScheduleRelease, SessionRelease
from agenda.releases.services import release_content_digest, release_preview, schedule_release
from events.audit.services import Actor
from events.jobs.models import Job
from notifications.dispatch import messages_dispatch_due
from notifications.models import Message
from registrations.registration.models import Registration
from tests.agenda.factories import RoomFactory, SessionFactory, SessionSpeakerFactory

pytestmark = pytest.mark.django_db


def snapshot(session) -> SessionRelease:
    return SessionRelease.objects.get(release__is_current=True, session=session)


def move(session, actor, minutes=60):
    session_update(
        session_id=session.pk,
        actor=actor,
        changes={
            "starts_at": session.starts_at + timedelta(minutes=minutes),
            "ends_at": session.ends_at + timedelta(minutes=minutes),
        },
    )


@pytest.fixture
def release():
    """Publish; the change notices job queued after commit runs (eagerly) before it returns."""

    def publish(event, comment=""):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return schedule_release(event_id=event.pk, actor=Actor(label="test"), comment=comment)

    return publish


def test_nothing_is_public_before_the_first_release(event):
    SessionFactory(event=event)

    preview = release_preview(event=event)

    assert not SessionRelease.objects.exists()
    assert preview.next_number == 1
    assert [entry.changes for entry in preview.changes] == [["new"]]


def test_releases_are_numbered_and_only_one_is_current(event, release, actor):
    session = SessionFactory(event=event)
    first = release(event)
    move(session, actor)
    second = release(event, comment="Moved the keynote")

    assert (first.number, second.number) == (1, 2)
    assert list(ScheduleRelease.objects.filter(is_current=True)) == [second]
    assert second.comment == "Moved the keynote"


def test_releasing_an_unchanged_draft_is_refused(event, release):
    SessionFactory(event=event)
    release(event)

    with pytest.raises(AgendaConflict) as refused:
        release(event)

    assert refused.value.message == "Nothing has changed since version 1."


def test_draft_edits_stay_invisible_until_released(event, release, actor):
    session = SessionFactory(event=event, title={"en": "Old title"})
    release(event)

    session_update(session_id=session.pk, actor=actor, changes={"title": {"en": "New title"}})

    assert snapshot(session).title.get("en") == "Old title"
    release(event)
    assert snapshot(session).title.get("en") == "New title"


def test_sequence_grows_on_a_time_change_not_on_a_typo_fix(event, release, actor):
    session = SessionFactory(event=event, title={"en": "Ransomwre"})
    release(event)
    assert snapshot(session).sequence == 0
    stamp = snapshot(session).last_modified_at

    session_update(session_id=session.pk, actor=actor, changes={"title": {"en": "Ransomware"}})
    release(event)
    fixed = snapshot(session)
    assert fixed.sequence == 0
    assert fixed.changes == ["details"]
    assert fixed.last_modified_at >= stamp

    move(session, actor)
    release(event)
    moved = snapshot(session)
    assert moved.sequence == 1
    assert moved.changes == ["moved"]


def test_a_room_change_bumps_the_sequence(event, release, actor):
    session = SessionFactory(event=event)
    release(event)

    session_update(session_id=session.pk, actor=actor, changes={"room": RoomFactory(event=event)})
    release(event)

    assert snapshot(session).sequence == 1
    assert snapshot(session).changes == ["room"]


def test_an_unchanged_session_keeps_its_stamp_through_releases(event, release, actor):
    still = SessionFactory(event=event, starts_at=event.starts_at)
    moving = SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=3))
    release(event)
    stamp = snapshot(still).last_modified_at

    move(moving, actor)
    release(event)

    assert snapshot(still).last_modified_at == stamp
    assert snapshot(still).changes == []
    assert snapshot(still).sequence == 0


def test_a_cancelled_session_stays_published_as_cancelled(event, release, actor):
    session = SessionFactory(event=event)
    release(event)

    session_update(session_id=session.pk, actor=actor, changes={"status": "cancelled"})
    release(event)
    cancelled = snapshot(session)
    assert (cancelled.status, cancelled.sequence, cancelled.changes) == (
        "cancelled",
        1,
        ["cancelled"],
    )

    SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=5))
    release(event)
    assert snapshot(session).status == "cancelled"
    assert snapshot(session).sequence == 1


def test_a_session_cancelled_before_any_release_is_never_published(event, release):
    SessionFactory(event=event, status="cancelled")
    published = SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=4))

    release(event)

    assert list(SessionRelease.objects.values_list("session", flat=True)) == [published.pk]


def test_the_preview_classifies_each_change(event, release, actor, make_speaker):
    moved = SessionFactory(event=event, starts_at=event.starts_at)
    rooms = SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=2))
    cancelled = SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=4))
    details = SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=6))
    release(event)
    move(moved, actor, minutes=30)
    session_update(session_id=rooms.pk, actor=actor, changes={"room": RoomFactory(event=event)})
    session_update(session_id=cancelled.pk, actor=actor, changes={"status": "cancelled"})
    SessionSpeakerFactory(session=details, registration=make_speaker())
    new = SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=8))

    preview = release_preview(event=event)

    changes = {entry.session.pk: entry.changes for entry in preview.changes}
    assert changes == {
        moved.pk: ["moved"],
        rooms.pk: ["room"],
        cancelled.pk: ["cancelled"],
        details.pk: ["details"],
        new.pk: ["new"],
    }
    assert preview.counts["moved"] == 1
    assert preview.next_number == 2


def test_a_release_sends_one_notice_per_person_listing_all_their_changes(
    event, release, actor, make_registration, make_speaker
):
    first = SessionFactory(event=event, title={"en": "Keynote"}, starts_at=event.starts_at)
    second = SessionFactory(
        event=event, title={"en": "Border security"}, starts_at=event.starts_at + timedelta(hours=3)
    )
    untouched = SessionFactory(
        event=event, title={"en": "Untouched"}, starts_at=event.starts_at + timedelta(hours=6)
    )
    attendee = make_registration(email="attendee@example.org")
    bystander = make_registration(email="bystander@example.org")
    cancelled_registrant = make_registration(email="gone@example.org", status="cancelled")
    speaker = make_speaker(email="speaker@example.org")
    SessionSpeakerFactory(session=second, registration=speaker)
    for session in (first, second):
        PersonalAgendaItem.objects.create(registration=attendee, session=session)
        PersonalAgendaItem.objects.create(registration=cancelled_registrant, session=session)
    PersonalAgendaItem.objects.create(registration=bystander, session=untouched)
    release(event)

    move(first, actor, minutes=30)
    session_update(session_id=second.pk, actor=actor, changes={"status": "cancelled"})
    session_update(session_id=untouched.pk, actor=actor, changes={"abstract": {"en": "Typo fixed"}})
    second_release = release(event)

    assert second_release.notices_job is not None
    job = Job.objects.get(pk=second_release.notices_job.pk)
    assert (job.status, job.outcome["counts"]) == ("done", {"queued": 2, "failed": 0})
    assert sorted(row["reference"] for row in job.outcome["rows"]) == sorted(
        [attendee.reference, speaker.reference]
    )
    notices = Message.objects.filter(kind="agenda.schedule_change")
    assert sorted(notices.values_list("recipient", flat=True)) == [
        "attendee@example.org",
        "speaker@example.org",
    ]
    notice = notices.get(recipient="attendee@example.org")
    assert notice.dedupe_key == f"agenda:release:{second_release.pk}:registration:{attendee.pk}"
    assert "Keynote" in notice.body_text
    assert "New time" in notice.body_text
    assert "Border security" in notice.body_text
    assert "CANCELLED" in notice.body_text
    assert "you speak in this session" in notices.get(recipient="speaker@example.org").body_text


def test_change_notices_carry_request_and_cancel_invitations(
    event, release, actor, make_registration
):
    moved = SessionFactory(event=event, starts_at=event.starts_at)
    dropped = SessionFactory(event=event, starts_at=event.starts_at + timedelta(hours=3))
    attendee = make_registration(email="attendee@example.org")
    for session in (moved, dropped):
        PersonalAgendaItem.objects.create(registration=attendee, session=session)
    release(event)
    move(moved, actor)
    session_update(session_id=dropped.pk, actor=actor, changes={"status": "cancelled"})
    release(event)

    messages_dispatch_due()

    assert len(mail.outbox) == 1
    files = {name: content for name, content, _type in mail.outbox[0].attachments}
    update = Calendar.from_ical(files["updated-sessions.ics"])
    cancel = Calendar.from_ical(files["cancelled-sessions.ics"])
    assert update["METHOD"] == "REQUEST"
    assert cancel["METHOD"] == "CANCEL"
    (updated,) = update.walk("VEVENT")
    (cancelled,) = cancel.walk("VEVENT")
    assert updated["SEQUENCE"] == 1
    assert cancelled["SEQUENCE"] == 1
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(updated["ATTENDEE"]) == "mailto:attendee@example.org"
    assert str(updated["ORGANIZER"]).startswith("mailto:")


def test_a_notice_is_written_in_the_recipients_language(event, release, actor, make_registration):
    session = SessionFactory(event=event, title={"en": "Keynote", "ar": "الكلمة الرئيسية"})
    arabic = make_registration(language="ar")
    PersonalAgendaItem.objects.create(registration=arabic, session=session)
    release(event)
    move(session, actor)

    release(event)

    notice = Message.objects.get(kind="agenda.schedule_change")
    assert notice.language == "ar"
    assert "الكلمة الرئيسية" in notice.body_text
    assert 'dir="rtl"' in notice.body_html


def test_a_release_with_only_typo_fixes_sends_no_notice(event, release, actor, make_registration):
    session = SessionFactory(event=event)
    PersonalAgendaItem.objects.create(registration=make_registration(), session=session)
    release(event)

    session_update(session_id=session.pk, actor=actor, changes={"title": {"en": "Fixed typo"}})
    release(event)

    assert not Message.objects.filter(kind="agenda.schedule_change").exists()


def test_a_release_records_the_digest_of_the_snapshots_it_made(event, release, actor):
    session = SessionFactory(event=event, title={"en": "Keynote"})
    first = release(event)
    first.refresh_from_db()

    # What the release computed in memory is what its rows read back as.
    assert first.content_digest == release_content_digest(first.sessions.all())
    assert len(first.content_digest) == 64
    session_update(
        session_id=session.pk, actor=actor, changes={"title": {"en": "Keynote", "ar": "الكلمة"}}
    )
    second = release(event)
    assert second.content_digest not in {"", first.content_digest}


def test_a_typo_fix_alone_changes_the_digest(event, release, actor):
    """Every column of a snapshot counts, not only those that bump SEQUENCE."""
    SessionFactory(event=event, abstract={"en": "Waht works"})
    rows = list(release(event).sessions.all())
    before = release_content_digest(rows)

    rows[0].abstract = {"en": "What works"}

    assert release_content_digest(rows) != before
    assert release_content_digest(reversed(rows)) == release_content_digest(rows)


def test_the_migration_digests_earlier_releases_as_a_release_does(event, release, actor):
    session = SessionFactory(event=event)
    SessionFactory(event=event, starts_at=session.starts_at + timedelta(hours=2))
    first = release(event)
    move(session, actor)
    second = release(event)
    made = {first.pk: first.content_digest, second.pk: second.content_digest}
    ScheduleRelease.objects.update(content_digest="")
    # The latest migration that digests them (it adds the columns it digests over).
    name = "0005_interpretation"
    migration = importlib.import_module(f"agenda.migrations.{name}")
    # The models as that migration sees them (their fields in migration order).
    state = MigrationLoader(connection).project_state(("agenda", name))

    migration.digest_existing_releases(state.apps, schema_editor=None)

    assert dict(ScheduleRelease.objects.values_list("pk", "content_digest")) == made


def test_a_recipient_the_outbox_refuses_is_reported_and_the_others_are_notified(
    event, release, actor, make_registration
):
    session = SessionFactory(event=event)
    good = make_registration(email="good@example.org")
    bad = make_registration()
    Registration.objects.filter(pk=bad.pk).update(email="not an address")  # past the form
    for registration in (good, bad):
        PersonalAgendaItem.objects.create(registration=registration, session=session)
    release(event)
    move(session, actor)

    published = release(event)

    job = Job.objects.get(pk=published.notices_job.pk)
    assert (job.status, job.outcome["counts"]) == ("done", {"queued": 1, "failed": 1})
    outcomes = {row["reference"]: row for row in job.outcome["rows"]}
    assert outcomes[good.reference]["outcome"] == "queued"
    assert outcomes[bad.reference]["outcome"] == "failed"
    assert outcomes[bad.reference]["error"]
    assert ScheduleRelease.objects.get(pk=published.pk).is_current
