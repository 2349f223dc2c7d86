"""The data migrations: `<field>_en`/`<field>_ar` into one JSON field each, and back,
on the demo summit's data."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from agenda.programme.models import Room, Session, SpeakerProfile, Track
from agenda.releases.models import ScheduleRelease, SessionRelease
from agenda.releases.services import release_content_digest
from events.summit.models import AccessZone, Event, ProtocolRank, RegistrationCategory
from registrations.delegations.models import Delegation

BEFORE = [
    ("events", "0007_job_language"),
    ("registrations", "0007_registration_gender"),
    ("agenda", "0003_release_content_digest"),
]
AFTER = [
    ("events", "0008_translated_text_and_languages"),
    ("registrations", "0008_translated_text"),
    ("agenda", "0004_translated_text"),
]
TRANSLATED = {
    Event: ["name", "description", "venue_name"],
    AccessZone: ["name"],
    RegistrationCategory: ["name"],
    ProtocolRank: ["name"],
    Delegation: ["name"],
    Room: ["name"],
    Track: ["name"],
    Session: ["title", "abstract"],
    SpeakerProfile: ["bio"],
    SessionRelease: ["title", "abstract", "room_name", "track_name"],
}


def english_and_arabic() -> dict:
    """Every translated value, in the two languages the old columns had."""
    return {
        (model.__name__, row.pk, field): {
            code: text
            for code, text in getattr(row, field).as_dict().items()
            if code in ("en", "ar")
        }
        for model, fields in TRANSLATED.items()
        for row in model.objects.all()
        for field in fields
    }


def latest():
    """Every app's last migration (the schema the models describe)."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_goes_back_to_the_pairs_and_forward_again_unchanged():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    kept = english_and_arabic()
    assert len(kept) > 100
    try:
        old = migrate(BEFORE)

        event = old.get_model("events", "Event").objects.get(slug="unity-for-security")
        assert event.name_en == "Unity for Security Summit"
        assert event.name_ar == "قمة الاتحاد من أجل الأمن"
        assert event.language == "en"
        sessions = old.get_model("agenda", "Session").objects.filter(event_id=event.pk)
        assert sessions.count() >= 40
        assert not sessions.filter(title_ar="").exists()
        opening = sessions.get(title_en="Opening ceremony")
        assert opening.title_ar == "حفل الافتتاح"
        assert opening.abstract_en == opening.abstract_ar == ""
        delegation = old.get_model("registrations", "Delegation").objects.get(name_en="Japan")
        assert delegation.name_ar == "اليابان"

        migrate(AFTER)
        # The models read the schema of the last migrations, badge languages included.
        migrate(latest())

        assert english_and_arabic() == kept
        event = Event.objects.get(slug="unity-for-security")
        # Events that were there keep the languages their content is in.
        assert event.languages == ["en", "ar"]
        assert event.main_language == "en"
        assert event.badge_languages == ["en", "ar"]
        assert Session.objects.get(title__en="Opening ceremony").abstract.as_dict() == {}
        for release in ScheduleRelease.objects.all():
            assert release.content_digest == release_content_digest(release.sessions.all())
    finally:
        migrate(latest())
