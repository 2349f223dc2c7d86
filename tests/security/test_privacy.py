"""Personal data: photos behind roles, retention purge, the registrant's deletion request."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils import timezone
from django.views.static import serve
from PIL import Image

from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.summit.models import Event
from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.checkin.models import CheckInScan
from registrations.privacy.services import personal_data_purge, registration_erase_personal_data
from registrations.privacy.tasks import purge_personal_data
from registrations.registration.models import Answer, Question, Registration, Status
from tests.factories import DelegationFactory, EventFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def with_photo(registration: Registration) -> Registration:
    registration.photo.save("photo.jpg", ContentFile(jpeg()), save=True)
    return registration


def ended(event: Event, *, days_ago: int, retention_days: int = 90) -> Event:
    ends_at = timezone.now() - timedelta(days=days_ago)
    Event.objects.filter(pk=event.pk).update(
        starts_at=ends_at - timedelta(days=2),
        ends_at=ends_at,
        registration_opens_at=ends_at - timedelta(days=60),
        registration_closes_at=ends_at - timedelta(days=3),
        retention_days=retention_days,
    )
    event.refresh_from_db()
    return event


def organizer(client, event, role):
    user = UserFactory()
    team_member_add(event=event, user=user, role=role)
    client.force_login(user)
    return client


# --- Photos --------------------------------------------------------------------------------


def test_media_url_is_not_served(client, settings):
    registration = with_photo(RegistrationFactory())

    for url in (f"/media/{registration.photo.name}", f"/{settings.MEDIA_ROOT}/x.jpg"):
        assert client.get(url).status_code == 404
    with pytest.raises(Resolver404):
        resolve(f"/media/{registration.photo.name}")
    assert not any(callback is serve for callback in _all_callbacks(get_resolver()))
    # WhiteNoise serves only static files: the media folder is not among them.
    static_roots = [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert not any(media_root.is_relative_to(root.resolve()) for root in static_roots)


def _all_callbacks(resolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _all_callbacks(pattern)
        else:
            yield pattern.callback


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ACCREDITATION, 200),
        (Role.CHECKIN, 200),
        (Role.ADMIN, 200),
        (Role.PROGRAMME, 403),
    ],
)
def test_organizer_photo_is_served_only_to_accreditation_checkin_and_admin(client, role, status):
    registration = with_photo(RegistrationFactory())
    organizer(client, registration.event, role)

    response = client.get(
        f"/manage/{registration.event.slug}/registrations/{registration.reference}/photo.jpg"
    )

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
        assert "no-store" in response["Cache-Control"]
        assert AuditEntry.objects.filter(
            action="photo.viewed", object_id=registration.reference
        ).exists()


def test_organizer_of_another_event_cannot_see_a_photo(client):
    registration = with_photo(RegistrationFactory())
    organizer(client, EventFactory(), Role.ADMIN)

    response = client.get(
        f"/manage/{registration.event.slug}/registrations/{registration.reference}/photo.jpg"
    )

    assert response.status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in_for_a_photo():
    from django.test import Client

    registration = with_photo(RegistrationFactory())

    response = Client().get(
        f"/manage/{registration.event.slug}/registrations/{registration.reference}/photo.jpg"
    )

    assert response.status_code == 302
    assert "/manage/login/" in response["Location"]


def test_registrant_sees_own_photo_and_no_one_elses(client):
    mine = with_photo(RegistrationFactory())
    other = with_photo(RegistrationFactory(event=mine.event, category=mine.category))

    assert client.get(f"/me/{mine.secret_token}/photo.jpg").status_code == 200
    assert client.get(f"/me/{other.secret_token[:-1]}x/photo.jpg").status_code == 404
    assert client.get(f"/me/{mine.reference}/photo.jpg").status_code == 404


def test_registration_without_photo_answers_404(client):
    registration = RegistrationFactory()
    organizer(client, registration.event, Role.ACCREDITATION)

    assert client.get(f"/me/{registration.secret_token}/photo.jpg").status_code == 404
    assert (
        client.get(
            f"/manage/{registration.event.slug}/registrations/{registration.reference}/photo.jpg"
        ).status_code
        == 404
    )


# --- Retention purge -----------------------------------------------------------------------


def personal_fields(registration: Registration) -> dict:
    return {
        name: getattr(registration, name)
        for name in (
            "first_name",
            "last_name",
            "name_ar",
            "phone",
            "organization",
            "job_title",
            "dietary_needs",
            "accessibility_needs",
            "decision_reason",
            "title",
        )
    }


def test_default_retention_is_ninety_days():
    assert EventFactory().retention_days == 90


def test_purge_erases_personal_data_and_keeps_statistics(
    api_client, django_capture_on_commit_callbacks
):
    summit = make_summit()
    delegation = DelegationFactory(event=summit.event, country="JO")
    registration, code = approved(
        summit,
        title="he",
        name_ar="أمينة",
        phone="+971500000000",
        dietary_needs="Halal",
        accessibility_needs="Wheelchair",
        country="JO",
        delegation=delegation,
        decision_reason="Known to the team",
    )
    with_photo(registration)
    photo_name = registration.photo.name
    storage = registration.photo.storage
    question = Question.objects.create(event=summit.event, label={"en": "Passport number?"})
    Answer.objects.create(registration=registration, question=question, value="X1234567")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {summit.tokens[Role.CHECKIN]}")
    scan = api_client.post(summit.url(), {"code": code, "zone": "plenary"}, format="json")
    assert scan.json()["result"] == "accepted"
    ended(summit.event, days_ago=91)
    old_token, old_feed = registration.secret_token, registration.feed_secret

    with django_capture_on_commit_callbacks(execute=True):
        assert personal_data_purge() == 1

    registration.refresh_from_db()
    assert set(personal_fields(registration).values()) == {""}
    assert registration.email == f"erased-{registration.pk}"
    assert "@" not in registration.email
    assert not registration.photo
    assert not storage.exists(photo_name)
    assert not Answer.objects.filter(registration=registration).exists()
    assert registration.personal_data_erased_at is not None
    # Anonymous statistics stay.
    assert registration.category == summit.delegate
    assert registration.country == "JO"
    assert registration.status == Status.APPROVED
    assert registration.delegation == delegation
    assert CheckInScan.objects.filter(registration=registration, result="accepted").count() == 1
    # The old secret link leads nowhere.
    assert registration.secret_token != old_token
    assert api_client.get(f"/me/{old_token}/").status_code == 404
    assert api_client.get(f"/feeds/{old_feed}/calendar.ics").status_code == 404
    entry = AuditEntry.objects.get(action="registration.personal_data_erased")
    assert entry.actor_label == "system"
    assert entry.object_id == registration.reference
    assert "90 days" in entry.reason


def test_purge_respects_each_events_retention_and_skips_recent_events():
    kept = RegistrationFactory(event=ended(EventFactory(), days_ago=30))
    short = RegistrationFactory(event=ended(EventFactory(), days_ago=30, retention_days=7))
    upcoming = RegistrationFactory()

    assert personal_data_purge() == 1

    for registration in (kept, short, upcoming):
        registration.refresh_from_db()
    assert kept.personal_data_erased_at is None
    assert kept.first_name == "Amina"
    assert short.personal_data_erased_at is not None
    assert upcoming.personal_data_erased_at is None


def test_purge_keeps_emails_unique_and_is_idempotent():
    event = ended(EventFactory(), days_ago=200)
    first = RegistrationFactory(event=event)
    RegistrationFactory(event=event, category=first.category)

    assert personal_data_purge() == 2
    entries = AuditEntry.objects.filter(action="registration.personal_data_erased").count()
    assert personal_data_purge() == 0
    assert registration_erase_personal_data(registration_id=first.pk, actor=Actor.system())
    assert AuditEntry.objects.filter(action="registration.personal_data_erased").count() == entries
    assert len(set(Registration.objects.values_list("email", flat=True))) == 2


def test_purge_command_and_daily_beat_task(settings):
    event = ended(EventFactory(), days_ago=100)
    registration = RegistrationFactory(event=event)
    out = io.StringIO()

    call_command("purge_personal_data", stdout=out)

    assert "1 registration" in out.getvalue()
    registration.refresh_from_db()
    assert registration.personal_data_erased_at is not None
    schedule = settings.CELERY_BEAT_SCHEDULE["registrations.purge_personal_data"]
    assert schedule["task"] == "registrations.purge_personal_data"
    assert schedule["schedule"] == 24 * 3600
    RegistrationFactory(event=event)
    assert purge_personal_data.delay().get() == 1


# --- The registrant's deletion request -----------------------------------------------------


def test_registrant_page_offers_deletion(client):
    registration = RegistrationFactory()

    page = client.get(f"/me/{registration.secret_token}/").content.decode()

    # A link to the confirmation, in the danger zone below the everyday forms.
    assert f'href="/me/{registration.secret_token}/delete/"' in page
    assert "Delete my data…" in page
    assert page.index("Delete my data…") > page.index("Send me a new link")


def test_deletion_request_cancels_erases_and_confirms(client, django_capture_on_commit_callbacks):
    registration = with_photo(RegistrationFactory(status=Status.PENDING))
    token = registration.secret_token
    photo_name, storage = registration.photo.name, registration.photo.storage

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/me/{token}/delete/", {"confirm": "yes"})

    assert response.status_code == 200
    assert "Your data is deleted" in response.content.decode()
    assert registration.reference in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert registration.personal_data_erased_at is not None
    assert registration.first_name == ""
    assert not registration.photo
    assert not storage.exists(photo_name)
    assert client.get(f"/me/{token}/").status_code == 404
    actions = set(
        AuditEntry.objects.filter(object_id=registration.reference).values_list("action", flat=True)
    )
    assert {"registration.cancelled", "registration.personal_data_erased"} <= actions
    erased = AuditEntry.objects.get(action="registration.personal_data_erased")
    assert erased.actor_label == "registrant"
    assert erased.client_ip == "127.0.0.1"


def test_approved_registrant_deletion_stops_the_badge_admitting(api_client):
    summit = make_summit()
    registration, code = approved(summit)

    api_client.post(f"/me/{registration.secret_token}/delete/", {"confirm": "yes"})

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {summit.tokens[Role.CHECKIN]}")
    scan = api_client.post(summit.url(), {"code": code, "zone": "plenary"}, format="json")
    assert scan.json()["result"] == "not_approved"
    assert "Amina" not in scan.content.decode()


def test_a_rejected_registrant_can_still_have_their_data_deleted(client):
    registration = RegistrationFactory(status=Status.REJECTED)

    response = client.post(f"/me/{registration.secret_token}/delete/", {"confirm": "yes"})

    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    assert registration.personal_data_erased_at is not None


def test_deletion_needs_a_confirmed_post_and_a_real_token(client):
    registration = RegistrationFactory()
    token = registration.secret_token

    assert client.get(f"/me/{token}/delete/").status_code == 200
    # The old one-click form (a POST without the confirmation) only shows the confirmation.
    unconfirmed = client.post(f"/me/{token}/delete/")
    assert unconfirmed.status_code == 200
    assert "This cannot be undone." in unconfirmed.content.decode()
    yes = {"confirm": "yes"}
    assert client.post(f"/me/{token[:20]}/delete/", yes).status_code == 404
    assert client.post(f"/me/{registration.reference}/delete/", yes).status_code == 404
    registration.refresh_from_db()
    assert registration.personal_data_erased_at is None


def test_erasure_also_wipes_the_outbox_messages_of_that_person():
    from events.summit.selectors import event_message_scope
    from notifications.models import Message
    from notifications.services import Attachment, message_enqueue

    registration = RegistrationFactory(status=Status.PENDING, email="Amina@Example.org")
    scope = event_message_scope(registration.event)
    sent = message_enqueue(
        dedupe_key="old",
        recipient="amina@example.org",
        recipient_name="Amina Haddad",
        subject="Welcome Amina",
        body_text="Dear Amina Haddad",
        kind="registration.received",
        scope=scope,
        attachments=[Attachment("badge.pdf", b"%PDF", "application/pdf")],
    )
    Message.objects.filter(pk=sent.pk).update(status="sent", sent_at=timezone.now())
    queued = message_enqueue(
        dedupe_key="later",
        recipient="amina@example.org",
        subject="Reminder",
        body_text="Dear Amina",
        kind="reminder.summit",
        scope=scope,
    )
    other = message_enqueue(
        dedupe_key="other",
        recipient="omar@example.org",
        subject="Hello",
        body_text="Omar",
        kind="registration.received",
        scope=scope,
    )

    registration_erase_personal_data(registration_id=registration.pk, actor=Actor.system())

    sent.refresh_from_db()
    queued.refresh_from_db()
    other.refresh_from_db()
    assert sent.status == "sent"
    assert (sent.recipient, sent.recipient_name, sent.subject, sent.body_text) == (
        "erased@erased.invalid",
        "",
        "",
        "",
    )
    assert not sent.attachments.exists()
    assert queued.status == "cancelled"
    assert other.body_text == "Omar"
