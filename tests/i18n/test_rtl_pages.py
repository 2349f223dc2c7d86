"""Every page of the contract, in Arabic, keeps left-to-right values in their order.

The demo summit (seed_demo) gives every page something to show; a few values are
set to what the issue saw break: a phone number with spaces, an English name and
organization among Arabic text, a file name. Each page's DOM is checked by
tests/i18n/bidi_checks.py, and all offenders are reported at once, page by page.
"""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from agenda.bilaterals.models import BilateralMeeting
from agenda.programme.models import Session
from events.jobs.models import Job, JobStatus
from events.summit.models import Event
from events.teams.invitations import invitation_digest
from events.teams.models import Role, TeamInvitation
from events.teams.services import team_member_add
from notifications.models import Message
from registrations.delegations.models import Delegation
from registrations.registration.models import Registration, Status
from registrations.registration.views import SESSION_SUBMITTED_EMAIL
from registrations.vehicles.models import VehiclePass
from tests.conftest import OrganizerClient
from tests.factories import InvitationFactory
from tests.i18n.bidi_checks import unisolated_in_html

pytestmark = pytest.mark.django_db

PHONE = "+971 50 123 4567"
TEAM_INVITATION_SECRET = "rtl-team-invitation-secret-0123456789abcdef"


@pytest.fixture
def demo(settings):
    settings.SITE_URL = "https://summit.example"
    call_command("seed_demo", stdout=io.StringIO())
    event = Event.objects.get(slug="unity-for-security")
    pending = Registration.objects.filter(event=event, status=Status.PENDING).first()
    Registration.objects.filter(pk=pending.pk).update(phone=PHONE)
    approved = Registration.objects.filter(event=event, status=Status.APPROVED).first()
    Registration.objects.filter(pk=approved.pk).update(phone=PHONE)
    InvitationFactory(event=event, email="ahmed.almansouri@example.org")
    Job.objects.create(
        event=event,
        kind="badges.print",
        role=Role.ACCREDITATION,
        status=JobStatus.DONE,
        done=1,
        total=1,
        result=ContentFile(b"%PDF-1.7", name="badges.pdf"),
        result_name="badges-unity-for-security.pdf",
        outcome={"rows": [{"line": 2, "reference": approved.reference, "outcome": "ok"}]},
        created_by_label="officer@summit.example",
    )
    TeamInvitation.objects.create(
        event=event,
        email="new.officer@example.org",
        role=Role.CHECKIN,
        language="ar",
        invited_by_label="Amina Haddad",
        digest=invitation_digest(TEAM_INVITATION_SECRET),
        expires_at=timezone.now() + timedelta(days=7),
    )
    return event


def officer_client(event) -> Client:
    user = get_user_model().objects.create_user(
        "officer", email="officer@summit.example", password="unused"
    )
    team_member_add(event=event, user=user, role=Role.ADMIN)
    client = OrganizerClient()
    client.force_login(user)
    return client


def contract_pages(event) -> dict[str, str]:
    """Page name → path: every page of the public contract and the organizer area."""
    slug = event.slug
    approved = Registration.objects.filter(event=event, status=Status.APPROVED, phone=PHONE)[0]
    pending = Registration.objects.filter(event=event, status=Status.PENDING, phone=PHONE)[0]
    session = Session.objects.filter(event=event).exclude(speakers=None).first()
    speaker = session.speakers.first()
    delegation = Delegation.objects.filter(event=event).exclude(head=None).first()
    meeting = BilateralMeeting.objects.filter(event=event).first()
    vehicle = VehiclePass.objects.filter(event=event).first()
    message = Message.objects.first()
    job = Job.objects.get(event=event)
    return {
        "home": "/",
        "summit": f"/e/{slug}/",
        "register": f"/e/{slug}/register/",
        "lost link": f"/e/{slug}/lost-link/",
        "new link sent": f"/e/{slug}/new-link-sent/",
        "agenda": f"/e/{slug}/agenda/",
        "session": f"/e/{slug}/sessions/{session.pk}/",
        "speaker": f"/e/{slug}/speakers/{speaker.registration_id}/",
        "registrant approved": f"/me/{approved.secret_token}/",
        "registrant pending": f"/me/{pending.secret_token}/",
        "delete my data": f"/me/{approved.secret_token}/delete/",
        "cancel my registration": f"/me/{approved.secret_token}/cancel/",
        "delegation": f"/d/{delegation.secret_token}/",
        "delegation bilaterals": f"/d/{delegation.secret_token}/bilaterals/",
        "delegation bilateral": f"/d/{meeting.requester.secret_token}/bilaterals/{meeting.pk}/",
        "delegation vehicles": f"/d/{delegation.secret_token}/vehicles/",
        "delegation remove member": (
            f"/d/{delegation.secret_token}/members/"
            f"{delegation.members.exclude(pk=delegation.head_id).first().reference}/remove/"
        ),
        "organizer login": "/manage/login/",
        "organizer home": "/manage/",
        "dashboard": f"/manage/{slug}/",
        "mailings": f"/manage/{slug}/mailings/",
        "registrations import": f"/manage/{slug}/registrations/import/",
        "settings": f"/manage/{slug}/settings/",
        "questions": f"/manage/{slug}/settings/questions/",
        "new question": f"/manage/{slug}/settings/questions/new/",
        "new summit": "/manage/events/new/",
        "categories": f"/manage/{slug}/settings/categories/",
        "category": f"/manage/{slug}/settings/categories/{event.categories.first().pk}/",
        "new category": f"/manage/{slug}/settings/categories/new/",
        "zones": f"/manage/{slug}/settings/zones/",
        "zone": f"/manage/{slug}/settings/zones/{event.zones.first().pk}/",
        "ranks": f"/manage/{slug}/settings/ranks/",
        "rank": f"/manage/{slug}/settings/ranks/{event.protocol_ranks.first().pk}/",
        "registrations": f"/manage/{slug}/registrations/",
        "registration pending": f"/manage/{slug}/registrations/{pending.reference}/",
        "registration approved": f"/manage/{slug}/registrations/{approved.reference}/",
        "invitations": f"/manage/{slug}/invitations/",
        "delegations": f"/manage/{slug}/delegations/",
        "delegation settings": f"/manage/{slug}/settings/delegations/",
        "new delegation": f"/manage/{slug}/settings/delegations/new/",
        "delegation setup": f"/manage/{slug}/settings/delegations/{delegation.pk}/",
        "badges": f"/manage/{slug}/badges/",
        "badge": f"/manage/{slug}/badges/{approved.reference}/",
        "vetting": f"/manage/{slug}/vetting/",
        "seating": f"/manage/{slug}/seating/",
        "vehicles": f"/manage/{slug}/vehicles/",
        "vehicle": f"/manage/{slug}/vehicles/{vehicle.pk}/",
        "checkin": f"/manage/{slug}/checkin/",
        "checkin dashboard": f"/manage/{slug}/checkin/dashboard/",
        "audit": f"/manage/{slug}/audit/",
        "messages": f"/manage/{slug}/messages/",
        "message": f"/manage/{slug}/messages/{message.pk}/",
        "job": f"/manage/{slug}/jobs/{job.pk}/",
        "programme": f"/manage/{slug}/agenda/",
        "session form": f"/manage/{slug}/agenda/sessions/{session.pk}/",
        "session delete": f"/manage/{slug}/agenda/sessions/{session.pk}/delete/",
        "new session": f"/manage/{slug}/agenda/sessions/new/",
        "rooms": f"/manage/{slug}/agenda/rooms/",
        "tracks": f"/manage/{slug}/agenda/tracks/",
        "release": f"/manage/{slug}/agenda/release/",
        "bilaterals": f"/manage/{slug}/agenda/bilaterals/",
        "bilateral": f"/manage/{slug}/agenda/bilaterals/{meeting.pk}/",
        "two-factor setup": "/manage/two-factor/setup/",
        "team": f"/manage/{slug}/settings/team/",
        "tokens": f"/manage/{slug}/settings/tokens/",
        "team invitation": f"/manage/invitations/{TEAM_INVITATION_SECRET}/",
    }


def known_ltr_values(event) -> frozenset[str]:
    """Values the patterns cannot recognise: plates, codes, Latin names and organizations."""
    registrations = Registration.objects.filter(event=event)
    values = {PHONE}
    values.update(VehiclePass.objects.filter(event=event).values_list("plate", flat=True))
    values.update(Delegation.objects.filter(event=event).values_list("join_code", flat=True))
    values.update(event.invitations.values_list("code", flat=True))
    values.update(registration.display_name for registration in registrations)
    values.update(registrations.values_list("organization", flat=True))
    return frozenset(value for value in values if value)


def test_every_arabic_page_isolates_its_left_to_right_values(demo):
    officer = officer_client(demo)
    public = Client()
    known = known_ltr_values(demo)
    pages = contract_pages(demo)
    rendered = {}
    for name, path in pages.items():
        client = officer if path.startswith("/manage/") and name != "organizer login" else public
        response = client.get(path, headers={"accept-language": "ar"})
        assert response.status_code == 200, (name, path, response.status_code)
        rendered[name] = response.content.decode()
    # The form sent back with its errors, and the "check your inbox" page.
    response = public.post(
        f"/e/{demo.slug}/register/",
        {"email": "ahmed@example", "phone": PHONE},
        headers={"accept-language": "ar"},
    )
    rendered["register with errors"] = response.content.decode()
    session = public.session
    session[SESSION_SUBMITTED_EMAIL] = "ahmed.almansouri@example.org"
    session.save()
    response = public.get(f"/e/{demo.slug}/register/done/", headers={"accept-language": "ar"})
    rendered["registered"] = response.content.decode()

    offenders = {
        name: found for name, html in rendered.items() if (found := unisolated_in_html(html, known))
    }
    report = "\n".join(
        f"{name}: {text!r}" for name, found in offenders.items() for text in dict.fromkeys(found)
    )
    assert not offenders, f"{sum(map(len, offenders.values()))} unisolated values:\n{report}"
    # The values the issue saw reversed are on the pages, isolated.
    assert f'<bdi dir="ltr">{PHONE}</bdi>' in rendered["registration pending"]
    assert f'type="tel" name="phone" value="{PHONE}"' in rendered["registrant pending"]
    assert "<bdi>دبي (\u2066UTC+04:00\u2069)</bdi>" in rendered["agenda"]
