"""Who may open what: every URL of the project and every operation of the API schema.

The expectations are the two tables below (URL name → roles, API operation →
roles). The lists of what to try come from the URL configuration and from the
OpenAPI schema, so a new page or API operation without a row fails
`test_every_url_has_a_row` / `test_every_api_operation_has_a_row` until
someone decides who may use it.

Principals: anonymous; each role (admin, accreditation, checkin, programme) of
the page's event; each role of another event; a revoked token. Pages are tried
with a signed-in, two-factor-verified session; API operations with a bearer token.
"""

import io
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from PIL import Image

from agenda.bilaterals.services import SlotInput, bilateral_request
from agenda.releases.services import schedule_release
from events.audit.services import Actor
from events.jobs.services import job_create, job_run
from events.summit.models import ProtocolRank
from events.summit.selectors import event_message_scope
from events.teams.invitations import invitation_digest
from events.teams.models import Role, TeamInvitation, TeamMembership
from events.teams.services import team_member_add
from events.tokens.models import ApiToken
from events.tokens.services import api_token_issue, api_token_revoke
from notifications.services import message_enqueue
from registrations.delegations.models import Delegation
from registrations.imports.models import RegistrationImport
from registrations.mailings.models import Mailing
from registrations.questions.files import CheckedFile, answer_file_store
from registrations.registration.jobs import REGISTRATIONS_EXPORT
from registrations.registration.models import Answer, Question
from registrations.vehicles.services import VehicleInput, vehicle_register
from registrations.vetting.models import VettingBatch
from tests.agenda.factories import RoomFactory, SessionFactory, SessionSpeakerFactory, TrackFactory
from tests.conftest import OrganizerClient
from tests.factories import DelegationFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import OFFLINE_DEVICE, approved, make_summit

pytestmark = pytest.mark.django_db


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


A, C, K, P = Role.ADMIN, Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME
ROLES = (A, C, K, P)
# A check-in token issued with `issue_token --offline`: API rows only (tokens are
# for the API); it may do what a check-in token does, and alone fetch the package.
OFFLINE = OFFLINE_DEVICE

PUBLIC = "public"  # anyone, no credentials
SIGNED_IN = "signed-in"  # any signed-in organizer, whatever their roles
SECRET = "secret"  # the registrant's or delegation's secret token in the URL is the key
STAFF = "staff"  # the Django admin: staff accounts only, tested by Django itself
# An admin of any event (or a superuser); through the API, an admin token of any event.
ANY_ADMIN = "any-admin"


@dataclass(frozen=True)
class Row:
    access: frozenset | str
    method: str = "GET"


def roles(*names: str, method: str = "GET") -> Row:
    return Row(frozenset(names), method)


# --- Expectations: pages, by URL name -------------------------------------------------------

PAGES: dict[str, Row] = {
    # Public site.
    "public:home": Row(PUBLIC),
    "public:event": Row(PUBLIC),
    "registrations:register": Row(PUBLIC),
    "registrations:registered": Row(PUBLIC),
    "registrations:lost-link": Row(PUBLIC),
    "registrations:link-renewed": Row(PUBLIC),
    "agenda:agenda": Row(PUBLIC),
    "agenda:agenda-ics": Row(PUBLIC),
    "agenda:session": Row(PUBLIC),
    "agenda:session-ics": Row(PUBLIC),
    "agenda:speaker": Row(PUBLIC),
    "agenda:speaker-photo": Row(PUBLIC),
    "schema": Row(PUBLIC),
    "api-docs": Row(PUBLIC),
    "healthz": Row(PUBLIC),
    "set_language": Row(PUBLIC, "POST"),
    # Registrant and delegation secret links.
    "registrations:me": Row(SECRET),
    "registrations:me-cancel": Row(SECRET),  # GET: the confirmation
    "registrations:me-new-link": Row(SECRET, "POST"),
    "registrations:delegation": Row(SECRET),
    "registrations:delegation-new-link": Row(SECRET, "POST"),
    "registrations:delegation-remove": Row(SECRET),  # GET: the confirmation
    "badges:me-badge-pdf": Row(SECRET),
    "badges:me-badge-png": Row(SECRET),
    "privacy:me-photo": Row(SECRET),
    "privacy:me-delete": Row(SECRET),  # GET: the confirmation
    "agenda:personal-ics": Row(SECRET),
    "agenda:personal-feed": Row(SECRET),  # its own read-only secret, not the page token
    "agenda:personal-add": Row(SECRET, "POST"),
    "agenda:personal-remove": Row(SECRET, "POST"),
    "agenda:delegation-bilaterals": Row(SECRET),
    "vehicles:delegation": Row(SECRET),
    "vehicles:delegation-withdraw": Row(SECRET, "POST"),
    "vehicles:delegation-pass": Row(SECRET),
    "agenda:delegation-bilateral": Row(SECRET),
    # Organizer area.
    "manage:login": Row(PUBLIC),
    "manage:logout": Row(PUBLIC, "POST"),
    "manage:home": Row(SIGNED_IN),
    "manage:event-create": Row(ANY_ADMIN),
    "manage:two-factor-setup": Row(SIGNED_IN),
    "manage:two-factor-verify": Row(SIGNED_IN),
    "manage:two-factor-recovery-codes": Row(SIGNED_IN),
    "manage:two-factor-remove": Row(SIGNED_IN),
    "manage:audit": roles(A),
    "manage:event-settings": roles(A),
    "manage_registrations:questions": roles(A),
    "manage_registrations:question-new": roles(A),
    "manage_registrations:question": roles(A),
    "manage_registrations:question-delete": roles(A),
    "manage_registrations:question-move": roles(A, method="POST"),
    "manage_registrations:questions-reorder": roles(A, method="POST"),
    "manage_registrations:answer-file": roles(A, C),
    "manage:categories": roles(A),
    "manage:category-create": roles(A),
    "manage:category": roles(A),
    "manage:zones": roles(A),
    "manage:zone-create": roles(A),
    "manage:zone": roles(A),
    "manage:ranks": roles(A),
    "manage:rank-create": roles(A),
    "manage:rank": roles(A),
    "manage:team": roles(A),
    "manage:team-member-role": roles(A, method="POST"),
    "manage:team-member-remove": roles(A),  # GET: the confirmation
    "manage:team-invitation-resend": roles(A, method="POST"),
    "manage:team-invitation-cancel": roles(A),  # GET: the confirmation
    "manage:tokens": roles(A),
    "manage:token-revoke": roles(A),  # GET: the confirmation
    # The invited person's page: the link's secret is the key (they have no role yet).
    "manage:team-invitation": Row(SECRET),
    "manage:messages": roles(A, C),
    "manage:message-detail": roles(A, C),
    # A job answers to the role its kind requires: the world's is an export (accreditation).
    "manage:job": roles(A, C),
    "manage:job-file": roles(A, C),
    "manage:message-resend": roles(A, C, method="POST"),
    "manage_registrations:index": roles(A, C),
    "manage_registrations:export": roles(A, C),
    "manage_registrations:bulk-approve": roles(A, C, method="POST"),
    "manage_registrations:detail": roles(A, C),
    "manage_registrations:decide": roles(A, C, method="POST"),
    "manage_registrations:correct-email": roles(A, C, method="POST"),
    "manage_registrations:delegations": roles(A, C),
    "manage_registrations:delegation-settings": roles(A),
    "manage_registrations:delegation-create": roles(A),
    "manage_registrations:delegation-edit": roles(A),
    "manage_registrations:invitations": roles(A, C),
    "vehicles:index": roles(A, C),
    "vehicles:detail": roles(A, C),
    "vehicles:print": roles(A, C),
    "vehicles:qr": roles(A, C),
    "vehicles:decide": roles(A, C, method="POST"),
    "protocol:vetting": roles(A, C),
    "protocol:vetting-batch": roles(A, C),
    "protocol:registration-protocol": roles(A, C, method="POST"),
    "protocol:registration-form-of-address": roles(A, C, method="POST"),
    "protocol:seating": roles(A, C),
    "protocol:seating-csv": roles(A, C),
    "protocol:seating-pdf": roles(A, C),
    "badges:index": roles(A, C),
    "badges:detail": roles(A, C),
    "badges:print": roles(A, C),
    "badges:qr": roles(A, C),
    "badges:reissue": roles(A, C, method="POST"),
    "privacy:organizer-photo": roles(A, C, K),
    "checkin:scanner": roles(A, K),
    "checkin:dashboard": roles(A, K),
    "dashboard:index": roles(A, C, K, P),
    "mailings:index": roles(A, C),
    "manage_registrations:import": roles(A, C),
    "manage_registrations:import-detail": roles(A, C),
    "mailings:detail": roles(A, C),
    "manage_agenda:index": roles(A, P),
    "manage_agenda:session-new": roles(A, P),
    "manage_agenda:session": roles(A, P),
    "manage_agenda:session-delete": roles(A, P),  # GET: the confirmation
    "manage_agenda:speaker-add": roles(A, P, method="POST"),
    "manage_agenda:speaker-remove": roles(A, P, method="POST"),
    "manage_agenda:rooms": roles(A, P),
    "manage_agenda:room": roles(A, P),
    "manage_agenda:tracks": roles(A, P),
    "manage_agenda:track": roles(A, P),
    "manage_agenda:release": roles(A, P),
    "manage_agenda:bilaterals": roles(A, P),
    "manage_agenda:bilateral": roles(A, P),
}

# --- Expectations: API operations, by method and schema path --------------------------------

API: dict[str, frozenset | str] = {
    "GET /api/v1/events/": PUBLIC,
    "POST /api/v1/events/": ANY_ADMIN,
    "GET /api/v1/events/{slug}/": PUBLIC,
    "GET /api/v1/events/{slug}/badge-key/": PUBLIC,
    "GET /api/v1/events/{slug}/sessions/": PUBLIC,
    "GET /api/v1/events/{slug}/sessions/{session_id}/": PUBLIC,
    "POST /api/v1/events/{slug}/registrations/": PUBLIC,
    "GET /api/v1/me/{token}/agenda/": SECRET,
    "POST /api/v1/me/{token}/agenda/": SECRET,
    "DELETE /api/v1/me/{token}/agenda/{session_id}/": SECRET,
    "GET /api/v1/delegations/{token}/bilaterals/": SECRET,
    "POST /api/v1/delegations/{token}/bilaterals/": SECRET,
    "GET /api/v1/delegations/{token}/bilaterals/{meeting_id}/": SECRET,
    "POST /api/v1/delegations/{token}/bilaterals/{meeting_id}/accept/": SECRET,
    "POST /api/v1/delegations/{token}/bilaterals/{meeting_id}/decline/": SECRET,
    "POST /api/v1/delegations/{token}/bilaterals/{meeting_id}/counter/": SECRET,
    "POST /api/v1/delegations/{token}/bilaterals/{meeting_id}/cancel/": SECRET,
    "GET /api/v1/events/{slug}/bilaterals/": frozenset({A, P}),
    "GET /api/v1/events/{slug}/bilaterals/{meeting_id}/": frozenset({A, P}),
    "POST /api/v1/events/{slug}/bilaterals/{meeting_id}/room/": frozenset({A, P}),
    "POST /api/v1/events/{slug}/bilaterals/{meeting_id}/move/": frozenset({A, P}),
    "POST /api/v1/events/{slug}/bilaterals/{meeting_id}/cancel/": frozenset({A, P}),
    "GET /api/v1/events/{slug}/messages/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/messages/{message_id}/resend/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/registrations/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/registrations/{reference}/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/registrations/{reference}/approve/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/registrations/{reference}/reject/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/registrations/{reference}/revoke/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/registrations/{reference}/badge.pdf": frozenset({A, C}),
    "GET /api/v1/events/{slug}/registrations/{reference}/badge.png": frozenset({A, C}),
    "POST /api/v1/events/{slug}/badges.pdf": frozenset({A, C}),
    "GET /api/v1/events/{slug}/registrations/{reference}/photo.jpg": frozenset({A, C, K, OFFLINE}),
    "GET /api/v1/events/{slug}/checkins/": frozenset({A, K, OFFLINE}),
    "POST /api/v1/events/{slug}/checkins/": frozenset({A, K, OFFLINE}),
    "GET /api/v1/events/{slug}/checkins/stats/": frozenset({A, K, OFFLINE}),
    "GET /api/v1/events/{slug}/stats/": frozenset({A, C, K, P, OFFLINE}),
    "GET /api/v1/events/{slug}/mailings/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/mailings/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/registrations/import/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/mailings/{mailing_id}/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/checkins/lookup/": frozenset({A, K, OFFLINE}),
    # Every accredited name: offline devices only, not a plain scanner or admin token.
    "GET /api/v1/events/{slug}/checkins/offline-package/": frozenset({OFFLINE}),
    "POST /api/v1/events/{slug}/checkins/offline-upload/": frozenset({A, K, OFFLINE}),
    "GET /api/v1/events/{slug}/vetting/batches/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/vetting/batches/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/vetting/batches/{number}/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/vetting/batches/{number}/export.csv": frozenset({A, C}),
    "POST /api/v1/events/{slug}/vetting/decisions/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/jobs/{job_id}/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/jobs/{job_id}/file": frozenset({A, C}),
    "POST /api/v1/events/{slug}/registrations/{reference}/withdraw-clearance/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/registrations/{reference}/protocol/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/seating/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/vehicles/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/vehicles/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/vehicles/{vehicle_id}/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/vehicles/{vehicle_id}/approve/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/vehicles/{vehicle_id}/reject/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/vehicles/{vehicle_id}/revoke/": frozenset({A, C}),
    "POST /api/v1/events/{slug}/vehicles/{vehicle_id}/reissue/": frozenset({A, C}),
    "GET /api/v1/events/{slug}/vehicles/{vehicle_id}/pass.pdf": frozenset({A, C}),
    "GET /api/v1/events/{slug}/vehicles/{vehicle_id}/pass.png": frozenset({A, C}),
    "GET /api/v1/events/{slug}/seating.csv": frozenset({A, C}),
    "GET /api/v1/events/{slug}/seating.pdf": frozenset({A, C}),
    "GET /api/v1/events/{slug}/draft/sessions/": frozenset({A, P}),
    "POST /api/v1/events/{slug}/draft/sessions/": frozenset({A, P}),
    "GET /api/v1/events/{slug}/draft/sessions/{session_id}/": frozenset({A, P}),
    "PUT /api/v1/events/{slug}/draft/sessions/{session_id}/": frozenset({A, P}),
    "PATCH /api/v1/events/{slug}/draft/sessions/{session_id}/": frozenset({A, P}),
    "DELETE /api/v1/events/{slug}/draft/sessions/{session_id}/": frozenset({A, P}),
    "GET /api/v1/events/{slug}/draft/release-preview/": frozenset({A, P}),
    "GET /api/v1/events/{slug}/releases/": frozenset({A, P}),
    "POST /api/v1/events/{slug}/releases/": frozenset({A, P}),
    # The setup API (issue #17): the event's admins only.
    "GET /api/v1/events/{slug}/questions/": frozenset({A}),
    "POST /api/v1/events/{slug}/questions/": frozenset({A}),
    "GET /api/v1/events/{slug}/questions/{question_id}/": frozenset({A}),
    "PATCH /api/v1/events/{slug}/questions/{question_id}/": frozenset({A}),
    "DELETE /api/v1/events/{slug}/questions/{question_id}/": frozenset({A}),
    "GET /api/v1/events/{slug}/categories/": frozenset({A}),
    "POST /api/v1/events/{slug}/categories/": frozenset({A}),
    "GET /api/v1/events/{slug}/categories/{category_id}/": frozenset({A}),
    "PATCH /api/v1/events/{slug}/categories/{category_id}/": frozenset({A}),
    "DELETE /api/v1/events/{slug}/categories/{category_id}/": frozenset({A}),
    "GET /api/v1/events/{slug}/zones/": frozenset({A}),
    "POST /api/v1/events/{slug}/zones/": frozenset({A}),
    "GET /api/v1/events/{slug}/zones/{zone_id}/": frozenset({A}),
    "PATCH /api/v1/events/{slug}/zones/{zone_id}/": frozenset({A}),
    "DELETE /api/v1/events/{slug}/zones/{zone_id}/": frozenset({A}),
    "GET /api/v1/events/{slug}/ranks/": frozenset({A}),
    "POST /api/v1/events/{slug}/ranks/": frozenset({A}),
    "GET /api/v1/events/{slug}/ranks/{rank_id}/": frozenset({A}),
    "PATCH /api/v1/events/{slug}/ranks/{rank_id}/": frozenset({A}),
    "DELETE /api/v1/events/{slug}/ranks/{rank_id}/": frozenset({A}),
    "GET /api/v1/events/{slug}/delegations/": frozenset({A}),
    "POST /api/v1/events/{slug}/delegations/": frozenset({A}),
    "GET /api/v1/events/{slug}/delegations/{delegation_id}/": frozenset({A}),
    "PATCH /api/v1/events/{slug}/delegations/{delegation_id}/": frozenset({A}),
    "DELETE /api/v1/events/{slug}/delegations/{delegation_id}/": frozenset({A}),
    "GET /api/v1/events/{slug}/rooms/": frozenset({A, P}),
    "POST /api/v1/events/{slug}/rooms/": frozenset({A, P}),
    "GET /api/v1/events/{slug}/rooms/{room_id}/": frozenset({A, P}),
    "PATCH /api/v1/events/{slug}/rooms/{room_id}/": frozenset({A, P}),
    "DELETE /api/v1/events/{slug}/rooms/{room_id}/": frozenset({A, P}),
    "GET /api/v1/events/{slug}/tracks/": frozenset({A, P}),
    "POST /api/v1/events/{slug}/tracks/": frozenset({A, P}),
    "GET /api/v1/events/{slug}/tracks/{track_id}/": frozenset({A, P}),
    "PATCH /api/v1/events/{slug}/tracks/{track_id}/": frozenset({A, P}),
    "DELETE /api/v1/events/{slug}/tracks/{track_id}/": frozenset({A, P}),
    "GET /api/v1/events/{slug}/team/": frozenset({A}),
    "POST /api/v1/events/{slug}/team/": frozenset({A}),
    "GET /api/v1/events/{slug}/team/{member_id}/": frozenset({A}),
    "PATCH /api/v1/events/{slug}/team/{member_id}/": frozenset({A}),
    "DELETE /api/v1/events/{slug}/team/{member_id}/": frozenset({A}),
    "GET /api/v1/events/{slug}/team/invitations/": frozenset({A}),
    "GET /api/v1/events/{slug}/team/invitations/{invitation_id}/": frozenset({A}),
    "DELETE /api/v1/events/{slug}/team/invitations/{invitation_id}/": frozenset({A}),
    "GET /api/v1/events/{slug}/tokens/": frozenset({A}),
    "POST /api/v1/events/{slug}/tokens/": frozenset({A}),
    "GET /api/v1/events/{slug}/tokens/{token_id}/": frozenset({A}),
    "PATCH /api/v1/events/{slug}/tokens/{token_id}/": frozenset({A}),
    "DELETE /api/v1/events/{slug}/tokens/{token_id}/": frozenset({A}),
}


# --- What the project actually has ----------------------------------------------------------


def url_patterns(resolver=None, namespace: str = "", prefix: str = ""):
    """(qualified name, route) of every URL pattern, walked from the root URLconf."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


def schema_operations() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    )


def is_api_route(route: str) -> bool:
    return route.startswith("api/v1/")


def is_admin(name: str | None, route: str) -> bool:
    return route.startswith("admin/")


def is_static(name: str | None, route: str) -> bool:
    return route.startswith("^static/")


PAGE_NAMES = sorted(
    {
        name
        for name, route in url_patterns()
        if not is_api_route(route) and not is_admin(name, route) and not is_static(name, route)
    },
    key=str,
)
OPERATIONS = schema_operations()


def test_every_url_has_a_row():
    unnamed = [
        route for name, route in url_patterns() if name is None and not is_static(name, route)
    ]
    assert not [route for route in unnamed if not is_admin(None, route)], "Name every URL"
    missing = [name for name in PAGE_NAMES if name not in PAGES]
    assert not missing, f"URLs without a row in PAGES: {missing}"
    stale = sorted(set(PAGES) - set(PAGE_NAMES))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def test_every_api_operation_has_a_row():
    missing = [operation for operation in OPERATIONS if operation not in API]
    assert not missing, f"API operations without a row in API: {missing}"
    stale = sorted(set(API) - set(OPERATIONS))
    assert not stale, f"Rows for API operations that no longer exist: {stale}"


def test_every_api_url_is_in_the_schema(world):
    """An API view left out of the schema would escape the table above."""
    in_schema = {
        resolve(api_path(operation.split(" ", 1)[1], world)).url_name for operation in OPERATIONS
    }
    api_names = {name for name, route in url_patterns() if is_api_route(route)}
    assert api_names <= in_schema, f"API URLs missing from the schema: {api_names - in_schema}"


def test_the_django_admin_is_for_staff_only(world):
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    organizer = OrganizerClient()
    organizer.force_login(world.users[("same", A)])
    assert organizer.get("/admin/").status_code == 302


# --- The world the matrix runs in -----------------------------------------------------------


@dataclass
class World:
    summit: object
    other: object
    registration: object
    session: object
    room: object
    track: object
    speaker: object
    message: object
    delegation: object
    member: object
    bilateral: object
    vehicle: object
    users: dict
    tokens: dict
    revoked: str
    job: object
    mailing: object
    rank: object
    question: object  # a file question the registration answered
    team_member: object
    team_invitation: object
    invitation_secret: str
    spare_token: object
    registration_import: object

    def kwargs(self) -> dict:
        return {
            "slug": self.summit.event.slug,
            "reference": self.registration.reference,
            "decision": "approve",
            "session_id": self.session.pk,
            "speaker_id": self.speaker.pk,
            "room_id": self.room.pk,
            "track_id": self.track.pk,
            "message_id": self.message.pk,
            "token": self.registration.secret_token,
            "feed_secret": self.registration.feed_secret,
            "number": 1,  # the vetting batch
            "meeting_id": self.bilateral.pk,
            "vehicle_id": self.vehicle.pk,
            "job_id": self.job.pk,
            "mailing_id": self.mailing.pk,
            "category_id": self.summit.delegate.pk,
            "zone_id": self.summit.plenary.pk,
            "rank_id": self.rank.pk,
            "delegation_id": self.delegation.pk,
            "question_id": self.question.pk,
            "member_id": self.team_member.pk,
            "invitation_id": self.team_invitation.pk,
            "token_id": self.spare_token.pk,
            "import_id": self.registration_import.pk,
        }


@pytest.fixture
def world(db) -> World:
    summit = make_summit("unity")
    other = make_summit("elsewhere")
    registration, _code = approved(summit, first_name="Amina")
    registration.photo.save("photo.jpg", ContentFile(jpeg()), save=True)
    room = RoomFactory(event=summit.event)
    track = TrackFactory(event=summit.event)
    session = SessionFactory(event=summit.event, room=room)
    speaker = SessionSpeakerFactory(session=session, registration=registration)
    message = message_enqueue(
        dedupe_key="matrix:1",
        recipient="amina@example.org",
        subject="Hello",
        body_text="Body",
        kind="registration.received",
        scope=event_message_scope(summit.event),
    )
    schedule_release(event_id=summit.event.pk, actor=Actor.system())
    VettingBatch.objects.create(event=summit.event, number=1)
    delegation = DelegationFactory(event=summit.event)
    member = RegistrationFactory(
        event=summit.event, category=summit.delegate, delegation=delegation
    )
    Delegation.objects.filter(pk=delegation.pk).update(head=registration)
    delegation.refresh_from_db()
    starts = summit.event.starts_at + timedelta(hours=1)
    bilateral = bilateral_request(
        delegation=delegation,
        counterpart_id=DelegationFactory(event=summit.event).pk,
        slots=[SlotInput(starts, starts + timedelta(minutes=30))],
    )
    vehicle = vehicle_register(
        delegation=delegation,
        data=VehicleInput(plate="AMM 1", make="Kia", colour="Red", driver_name="Ali"),
        actor=Actor.system(),
        approve=True,
    )
    users = {}
    for where, event in (("same", summit.event), ("other", other.event)):
        for role in ROLES:
            user = UserFactory()
            team_member_add(event=event, user=user, role=role)
            users[(where, role)] = user
    tokens = {("same", role): summit.tokens[role] for role in (*ROLES, OFFLINE)} | {
        ("other", role): other.tokens[role] for role in (*ROLES, OFFLINE)
    }
    token, revoked = api_token_issue(event=summit.event, role=A, label="lost laptop")
    api_token_revoke(token=token)
    job = job_create(
        event=summit.event,
        kind=REGISTRATIONS_EXPORT,
        actor=Actor.system(),
        params={},
        total=1,
    )
    job_run(job_id=job.pk)
    mailing = Mailing.objects.create(
        event=summit.event, subject={"en": "Hello"}, body={"en": "Hello"}, created_by_label="x"
    )
    rank = ProtocolRank.objects.create(event=summit.event, slug="minister", name={"en": "Minister"})
    question = Question.objects.create(
        event=summit.event, label={"en": "Passport scan"}, kind=Question.Kind.FILE
    )
    Answer.objects.create(
        registration=registration,
        question=question,
        value=answer_file_store(
            CheckedFile(b"%PDF-1.4\n", "passport.pdf", "application/pdf"),
            event_id=summit.event.pk,
        ),
    )
    team_member = TeamMembership.objects.get(event=summit.event, user=users[("same", K)])
    invitation_secret = secrets.token_urlsafe(32)
    team_invitation = TeamInvitation.objects.create(
        event=summit.event,
        email="invited@example.org",
        role=P,
        language="en",
        digest=invitation_digest(invitation_secret),
        expires_at=timezone.now() + timedelta(days=7),
    )
    spare_token, _raw = api_token_issue(event=summit.event, role=K, label="spare scanner")
    registration_import = RegistrationImport.objects.create(
        event=summit.event, file_name="list.csv", header=["Email"], rows=[[2, ["a@example.org"]]]
    )
    return World(
        summit, other, registration, session, room, track, speaker, message, delegation,
        member, bilateral, vehicle, users, tokens, revoked, job, mailing, rank, question,
        team_member, team_invitation, invitation_secret, spare_token, registration_import,
    )  # fmt: skip


PRINCIPALS = ["anonymous", "revoked"] + [
    f"{where}:{role}" for where in ("same", "other") for role in ROLES
]
API_PRINCIPALS = [*PRINCIPALS, f"same:{OFFLINE}", f"other:{OFFLINE}"]


# Pages whose secret is the delegation's token, not a registrant's.
DELEGATION_PAGES = ("registrations:delegation", "agenda:delegation-", "vehicles:delegation")
# The page whose secret is a team invitation's link.
INVITATION_PAGE = "manage:team-invitation"


def page_url(name: str, world: World) -> str:
    route = next(route for qualified, route in url_patterns() if qualified == name)
    wanted = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    values = world.kwargs()
    if name.startswith(DELEGATION_PAGES):
        values = values | {
            "token": world.delegation.secret_token,
            "reference": world.member.reference,
        }
    if name == INVITATION_PAGE:
        values = values | {"token": world.invitation_secret}
    return reverse(name, kwargs={key: values[key] for key in wanted})


def api_path(template: str, world: World) -> str:
    values = world.kwargs()
    return re.sub(r"\{(\w+)\}", lambda match: str(values[match.group(1)]), template)


def organizer_rows() -> list[str]:
    return [name for name, row in PAGES.items() if not isinstance(row.access, str)]


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("name", organizer_rows())
def test_organizer_page(world, name, principal):
    row = PAGES[name]
    url = page_url(name, world)
    client = OrganizerClient()
    headers = {}
    if principal == "revoked":
        # Tokens are for the API: on a page even a bearer header is no sign-in.
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world.revoked}"
    elif principal != "anonymous":
        where, role = principal.split(":")
        client.force_login(world.users[(where, role)])

    response = getattr(client, row.method.lower())(url, **headers)

    if principal in ("anonymous", "revoked"):
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/manage/login/")
        return
    where, role = principal.split(":")
    if where == "same" and role in row.access:
        assert response.status_code < 500
        assert response.status_code not in (401, 403, 404), response.status_code
        if response.status_code == 302:
            assert not response["Location"].startswith("/manage/login/")
    else:
        assert response.status_code == 403, response.status_code


@pytest.mark.parametrize("principal", ["anonymous", "same:checkin", "other:admin"])
@pytest.mark.parametrize("name", [name for name, row in PAGES.items() if row.access == SIGNED_IN])
def test_signed_in_pages(world, name, principal):
    client = OrganizerClient()
    if principal != "anonymous":
        where, role = principal.split(":")
        client.force_login(world.users[(where, role)])

    response = client.get(page_url(name, world))

    if principal == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/manage/login/")
    else:
        assert response.status_code < 400 or response.status_code == 405


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("name", [name for name, row in PAGES.items() if row.access == ANY_ADMIN])
def test_pages_for_an_admin_of_any_event(world, name, principal):
    client = OrganizerClient()
    if principal not in ("anonymous", "revoked"):
        client.force_login(world.users[tuple(principal.split(":"))])

    response = client.get(page_url(name, world))

    if principal in ("anonymous", "revoked"):
        assert response.status_code == 302
        assert response["Location"].startswith("/manage/login/")
    elif principal.endswith(f":{A}"):
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name", [name for name, row in PAGES.items() if row.access == PUBLIC])
def test_public_pages_need_no_credentials(world, name):
    row = PAGES[name]
    response = getattr(Client(), row.method.lower())(page_url(name, world))

    assert response.status_code < 500
    assert response.status_code not in (401, 403)
    if response.status_code == 302:
        assert not response["Location"].startswith("/manage/login/")


# --- API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("principal", API_PRINCIPALS)
@pytest.mark.parametrize("operation", [op for op in OPERATIONS if not isinstance(API.get(op), str)])
def test_api_operation(world, api_client, operation, principal):
    expected = API[operation]
    method, template = operation.split(" ", 1)
    if principal == "revoked":
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.revoked}")
    elif principal != "anonymous":
        where, role = principal.split(":")
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.tokens[(where, role)]}")

    response = getattr(api_client, method.lower())(api_path(template, world), {}, format="json")

    if principal in ("anonymous", "revoked"):
        assert response.status_code == 401, response.status_code
        assert response["WWW-Authenticate"].startswith("Bearer")
        return
    where, role = principal.split(":")
    if where == "same" and role in expected:
        assert response.status_code < 500
        assert response.status_code not in (401, 403, 404), response.status_code
    else:
        assert response.status_code == 403, response.status_code
        assert "Amina" not in response.content.decode()


@pytest.mark.parametrize("principal", API_PRINCIPALS)
@pytest.mark.parametrize("operation", [op for op in OPERATIONS if API.get(op) == ANY_ADMIN])
def test_api_operations_for_an_admin_token_of_any_event(world, api_client, operation, principal):
    method, template = operation.split(" ", 1)
    # Tokens issued by an organizer: the one who would administer what the call creates.
    ApiToken.objects.update(created_by=world.users[("same", A)])
    if principal == "revoked":
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.revoked}")
    elif principal != "anonymous":
        token = world.tokens[tuple(principal.split(":"))]
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = getattr(api_client, method.lower())(api_path(template, world), {}, format="json")

    if principal in ("anonymous", "revoked"):
        assert response.status_code == 401
    elif principal.endswith(f":{A}"):
        assert response.status_code == 400  # past the door; the empty body is refused
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if API.get(op) == PUBLIC])
def test_public_api_operations_need_no_credentials(world, api_client, operation):
    method, template = operation.split(" ", 1)

    response = getattr(api_client, method.lower())(api_path(template, world), {}, format="json")

    assert response.status_code < 500
    assert response.status_code not in (401, 403, 404)


def test_revoked_token_is_refused_even_where_its_role_would_do(world, api_client):
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 1
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.revoked}")

    response = api_client.get(f"/api/v1/events/{world.summit.event.slug}/registrations/")

    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


# --- Secret links ---------------------------------------------------------------------------

SECRET_PAGES = [name for name, row in PAGES.items() if row.access == SECRET]
SECRET_API = [op for op in OPERATIONS if API.get(op) == SECRET]


def wrong_tokens(world: World) -> dict[str, str]:
    """Stand-ins for a registrant's token that must all fail the same way."""
    token = world.registration.secret_token
    return {
        "truncated": token[:-1],
        "one_character_changed": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "guessed_reference": world.registration.reference,
        "another_kind_of_secret": world.delegation.secret_token,
        "empty_like": "-" * 43,
    }


def secret_request(client, method: str, url: str):
    return getattr(client, method.lower())(url)


def swap_token(url: str, old: str, new: str) -> str:
    return url.replace(f"/{old}/", f"/{new}/", 1)


@pytest.mark.parametrize("name", SECRET_PAGES)
def test_secret_pages_fail_alike_for_every_wrong_token(world, name):
    row = PAGES[name]
    url = page_url(name, world)
    own = (
        world.delegation.secret_token
        if name.startswith(DELEGATION_PAGES)
        else world.registration.feed_secret
        if name == "agenda:personal-feed"
        else world.invitation_secret
        if name == INVITATION_PAGE
        else world.registration.secret_token
    )
    client = Client()
    unknown_token = secrets.token_urlsafe(32)
    unknown = secret_request(client, row.method, swap_token(url, own, unknown_token))
    assert unknown.status_code == 404
    baseline = unknown.content.decode().replace(unknown_token, "TOKEN")

    candidates = wrong_tokens(world)
    if name.startswith(DELEGATION_PAGES):
        candidates["another_kind_of_secret"] = world.registration.secret_token
        candidates["truncated"] = own[:-1]
    if name in ("agenda:personal-feed", INVITATION_PAGE):
        candidates["another_kind_of_secret"] = world.registration.secret_token
        candidates["truncated"] = own[:-1]
    for label, token in candidates.items():
        response = secret_request(client, row.method, swap_token(url, own, token))
        assert response.status_code == 404, label
        assert response.content.decode().replace(token, "TOKEN") == baseline, label

    if row.method == "GET":
        # 301: the feed's first address redirects to the feed's own secret.
        assert secret_request(client, "GET", url).status_code in (200, 301)


def test_delegation_link_cannot_remove_a_member_of_another_delegation(world):
    outsider = DelegationFactory(event=world.summit.event, name={"en": "Outsiders"})
    stranger = RegistrationFactory(
        event=world.summit.event, category=world.summit.delegate, delegation=outsider
    )
    base = f"/d/{world.delegation.secret_token}/members"
    client = Client()

    confirmation = client.get(f"{base}/{stranger.reference}/remove/")
    response = client.post(f"{base}/{stranger.reference}/remove/", {"confirm": "yes"}, follow=True)
    unknown = client.post(f"{base}/NOPE-000000/remove/", {"confirm": "yes"}, follow=True)

    stranger.refresh_from_db()
    assert stranger.delegation == outsider
    assert stranger.status == "pending"
    refusal = "This person is not a member of your delegation."
    assert refusal in response.content.decode()
    assert refusal in unknown.content.decode()
    assert stranger.last_name not in response.content.decode()
    assert confirmation.status_code == 404


def test_another_registrants_token_shows_only_their_own_record(world):
    other = RegistrationFactory(
        event=world.summit.event, category=world.summit.delegate, first_name="Yusuf"
    )
    client = Client()

    page = client.get(f"/me/{other.secret_token}/").content.decode()
    photo = client.get(f"/me/{other.secret_token}/photo.jpg")

    assert "Yusuf" in page
    assert world.registration.reference not in page
    assert "Amina" not in page
    assert photo.status_code == 404  # theirs has no photo; never someone else's


@pytest.mark.parametrize("operation", SECRET_API)
def test_secret_api_operations_fail_alike_for_every_wrong_token(world, api_client, operation):
    method, template = operation.split(" ", 1)
    own = world.registration.secret_token
    candidates = wrong_tokens(world)
    url = api_path(template, world)
    if template.startswith("/api/v1/delegations/"):
        own = world.delegation.secret_token
        url = swap_token(url, world.registration.secret_token, own)
        candidates["another_kind_of_secret"] = world.registration.secret_token
        candidates["truncated"] = own[:-1]
    unknown = getattr(api_client, method.lower())(
        swap_token(url, own, secrets.token_urlsafe(32)), {}, format="json"
    )
    assert unknown.status_code == 404

    for label, token in candidates.items():
        response = getattr(api_client, method.lower())(
            swap_token(url, own, token), {}, format="json"
        )
        assert response.status_code == 404, label
        assert response.json() == unknown.json(), label
