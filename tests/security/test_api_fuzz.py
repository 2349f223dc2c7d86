"""Schemathesis against /api/schema/: every operation, with each role's token, every
default check.

The schema is fetched from the running Django WSGI application, so what is
fuzzed is what clients download. Each operation runs once per principal: the
token of every role (admin, accreditation, check-in, programme), so a role that
may not call it must get a documented 403, plus no token at all where the
operation is public or opened by a secret in its path. Real path parameters (the
event, a registration, a session, a registrant's secret token) let the generated
queries and bodies reach the views instead of stopping at 404.

Every default check runs: server errors, status codes, content types, headers,
response schemas, negative data rejected, positive data accepted, ignored auth.
Bounded by `MAX_EXAMPLES` to keep the run short in CI (measured in the module's
commit message).
"""

import io
import itertools
from datetime import timedelta

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from PIL import Image
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from agenda.bilaterals.services import SlotInput, bilateral_request
from agenda.releases.services import schedule_release
from config.wsgi import application
from events.audit.services import Actor
from events.jobs.services import job_create, job_run
from events.summit.models import Event, ProtocolRank
from events.teams.invitations import team_invitation_create
from events.teams.models import Role
from events.teams.services import team_member_add
from events.tokens.models import ApiToken
from events.tokens.services import api_token_issue
from registrations.delegations.models import Delegation
from registrations.mailings.models import Mailing
from registrations.registration.jobs import REGISTRATIONS_EXPORT
from registrations.registration.models import Answer, Question
from registrations.vehicles.services import VehicleInput, vehicle_register
from registrations.vetting.models import VettingBatch
from tests.agenda.factories import RoomFactory, SessionFactory, TrackFactory
from tests.factories import DelegationFactory, UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit
from tests.security.test_authorization_matrix import API, PUBLIC, SECRET

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

MAX_EXAMPLES = 10
ANONYMOUS = "anonymous"
PLATES = itertools.count(100)
SLUGS = itertools.count(1)
INVITEES = itertools.count(1)

# The one check left out of one operation. A vetting decision file is checked whole and
# refused whole, with each row's errors (400, documented with the report): rows name
# registrations and batch lines the fuzzer cannot know, so a schema-valid file is
# refused by design. Its negative data, statuses and response schemas are still checked,
# and tests/registrations/vetting checks real files.
EXCLUDED = {
    "POST /api/v1/events/{slug}/vetting/decisions/": [positive_data_acceptance],
    # The schema's regex engine and Python's disagree on which control characters are
    # whitespace (U+0085, U+001C to U+001F), so a query made of them can match the stated
    # pattern and still hold too few letters; the rule is tested in
    # tests/registrations/checkin (lookup), with words a door agent types.
    "GET /api/v1/events/{slug}/checkins/lookup/": [positive_data_acceptance],
}


def invalid_only_where_overwritten(
    case, replaced_path: set[str], *, authorization_replaced: bool
) -> bool:
    """Whether every part schemathesis made invalid was replaced by the harness (the
    world's ids in the path, the principal's Authorization header): such a request is
    valid, and its acceptance is no finding."""
    if case.meta is None or not case.meta.generation.mode.is_negative:
        return False
    negative = {
        location for location, info in case.meta.components.items() if info.mode.is_negative
    }
    overwritten = set()
    if set(case.path_parameters or {}) <= replaced_path:
        overwritten.add(ParameterLocation.PATH)
    # Authorization is the only header the schema declares; others the generator adds
    # are extra properties, which make no request invalid.
    if authorization_replaced:
        overwritten.add(ParameterLocation.HEADER)
    return bool(negative) and negative <= overwritten


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go straight to the WSGI handler, whose request signals close old database
    connections; in a test that is the connection holding the test's transaction (the
    test client detaches the same handler)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def summit_world(db):
    summit = make_summit("fuzz")
    registration, _code = approved(summit)
    registration.photo.save("photo.jpg", ContentFile(jpeg()), save=True)
    room = RoomFactory(event=summit.event)
    track = TrackFactory(event=summit.event)
    session = SessionFactory(event=summit.event, room=room, track=track)
    schedule_release(event_id=summit.event.pk, actor=Actor.system())
    VettingBatch.objects.create(event=summit.event, number=1)
    delegation = DelegationFactory(event=summit.event)
    Delegation.objects.filter(pk=delegation.pk).update(head=registration)
    delegation.refresh_from_db()
    starts = summit.event.starts_at + timedelta(hours=1)
    counterpart = DelegationFactory(event=summit.event)
    meeting = bilateral_request(
        delegation=delegation,
        counterpart_id=counterpart.pk,
        slots=[SlotInput(starts, starts + timedelta(minutes=30))],
    )
    rank = ProtocolRank.objects.create(event=summit.event, slug="minister", name={"en": "Minister"})
    later = (summit.event.starts_at + timedelta(hours=5)).isoformat()
    later_end = (summit.event.starts_at + timedelta(hours=5, minutes=30)).isoformat()
    vehicle = vehicle_register(
        delegation=delegation,
        data=VehicleInput(plate="AMM 1", make="Kia", colour="Red", driver_name="Ali"),
        actor=Actor.system(),
        approve=True,
    )
    job = job_create(
        event=summit.event, kind=REGISTRATIONS_EXPORT, actor=Actor.system(), params={}, total=1
    )
    job_run(job_id=job.pk)
    mailing = Mailing.objects.create(
        event=summit.event, subject={"en": "Hello"}, body={"en": "Hello"}, created_by_label="x"
    )
    # Answered, so that DELETE answers 409 every time and PATCH keeps its kind.
    question = Question.objects.create(
        event=summit.event, label={"en": "Anything else?"}, kind=Question.Kind.TEXT
    )
    Answer.objects.create(registration=registration, question=question, value="No")
    # The admin token stands for an organizer, who administers the summits it creates.
    issuer = UserFactory()
    team_member_add(event=summit.event, user=issuer, role=Role.ADMIN)
    ApiToken.objects.filter(event=summit.event, role=Role.ADMIN).update(created_by=issuer)
    # A member who is not the last administrator (there is none): PATCH and DELETE apply.
    team_member = team_member_add(event=summit.event, user=UserFactory(), role=Role.CHECKIN)
    # Not one of the principals' tokens: revoking it leaves the callers signed in.
    spare_token, _raw = api_token_issue(event=summit.event, role=Role.CHECKIN, label="spare")
    invitation = team_invitation_create(
        event=summit.event,
        email="invited@example.org",
        role=Role.PROGRAMME,
        actor=Actor.system(),
        language="en",
    )
    return {
        # Schema-valid bodies name ids and slugs the schema cannot list: positive cases
        # name real ones, so they test the contract and not "no such room".
        "body": {
            # Times inside the summit, the end after the start (a rule across two fields).
            "starts_at": later,
            "ends_at": later_end,
            "slots": [{"starts_at": later, "ends_at": later_end}],
            # A plate, make and colour as the service reads them (letters and digits).
            "plate": "AMM 2",
            "driver_name": "Ali",  # or an accredited driver: one of the two
            "scanned_at": timezone.now().isoformat(),  # not in the future
            "make": "Kia",
            "colour": "Red",
            "counterpart": counterpart.pk,
            "slot": meeting.slots.get().pk,
            "zone": summit.plenary.slug,
            "room": None,
            "track": None,
            "invited_categories": [],
            "speakers": [],
            # Language codes are Django's (the schema holds no list of them), each
            # interpreted once and never the floor's (rules across rows).
            "floor_language": "ar",
            "interpretation": [{"language": "fr", "channel": "3", "stream_url": ""}],
            "rank": rank.slug,
            "delegation": delegation.pk,
            "driver": "",
            "session": session.pk,
            "category": summit.delegate.slug,
            "answers": {},
            "invitation_code": "",
            "references": [registration.reference],
        },
        # Per operation where a name means something else there.
        "body_for": {
            "POST /api/v1/events/{slug}/registrations/": {"delegation": ""},
            "POST /api/v1/events/{slug}/badges.pdf": {"category": "", "delegation": ""},
            # A new summit: its main language among its languages, named in it, copied
            # (when copied) from the summit the token administers.
            "POST /api/v1/events/": {
                "languages": ["en", "ar"],
                "main_language": "en",
                "venue_name": {"en": "Exhibition Centre"},
                "copy_from": summit.event.slug,
            },
            # Filters and placeholders name the event's things: a positive mailing is one
            # that reaches somebody, in words its placeholders allow.
            "POST /api/v1/events/{slug}/mailings/": {
                "filters": {},
                "subject": {"en": "Briefing"},
                "body": {"en": "Dear {title} {last_name}: {personal_link}"},
            },
            # A question of a kind without options (a choice needs some, in the main
            # language), asked of every category.
            **{
                f"{method} /api/v1/events/{{slug}}/{path}": {
                    "kind": "text",
                    "options": [],
                    "categories": [],
                }
                for method in ("POST", "PATCH")
                for path in ("questions/", "questions/{question_id}/")
            },
            # Offline devices are check-in tokens only (a rule across two fields).
            "POST /api/v1/events/{slug}/tokens/": {"offline": False},
            # An import's file is a table with a header the mapping names: a positive
            # import is one that registers somebody (tests/registrations/imports).
            "POST /api/v1/events/{slug}/registrations/import/": {
                "file": (
                    "Category,First name,Last name,Email,Organization,Job title,Country\n"
                    "delegate,Amina,Haddad,fuzz@example.org,Ministry,Director,AE\n"
                ),
                "mapping": '{"0": "category", "1": "first_name", "2": "last_name", "3": "email"}',
                "consent": True,
            },
            # The setup API: a zone's or track's colour is #RRGGBB (a vehicle's is a word),
            # and a zone becomes the main entrance only when there is none.
            # A delegation's head is a registration of the summit leading no other, its
            # quotas name the summit's categories (a quota of 5 is more than is used).
            **{
                f"{method} /api/v1/events/{{slug}}/{path}": {
                    "head": None,
                    "quotas": {"delegate": 5},
                }
                for method in ("POST", "PATCH")
                for path in ("delegations/", "delegations/{delegation_id}/")
            },
            **{
                f"{method} /api/v1/events/{{slug}}/{path}": {
                    "colour": "#1F4E79",
                    "is_main_entrance": False,
                    "zones": [summit.plenary.slug],
                }
                for method in ("POST", "PATCH")
                for path in (
                    "zones/",
                    "zones/{zone_id}/",
                    "tracks/",
                    "tracks/{track_id}/",
                    "categories/",
                    "categories/{category_id}/",
                )
            },
        },
        "delegation_token": delegation.secret_token,
        "tokens": summit.tokens,
        "path": {
            "slug": summit.event.slug,
            "reference": registration.reference,
            "session_id": session.pk,
            "token": registration.secret_token,
            "number": 1,
            "meeting_id": meeting.pk,
            "vehicle_id": vehicle.pk,
            "job_id": job.pk,
            "mailing_id": mailing.pk,
            "category_id": summit.delegate.pk,
            "zone_id": summit.plenary.pk,
            "rank_id": rank.pk,
            "room_id": room.pk,
            "track_id": track.pk,
            "delegation_id": delegation.pk,
            "question_id": question.pk,
            "member_id": team_member.pk,
            "token_id": spare_token.pk,
            "invitation_id": invitation.pk,
        },
    }


# Loaded once at collection, from the application itself (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# No NUL (U+0000) in generated text: PostgreSQL text cannot hold it, so the API refuses a
# body or address holding one with 400 before any view reads it (events.api_errors,
# events.middleware), whatever the field; such a string is no data the API could accept.
schema.config.generation.update(allow_x00=False)
# A body past the size limit (an array far beyond its maxItems) is refused with 413 before
# it is parsed: as much a refusal as 400, and documented on every operation with a body.
schema.config.checks.negative_data_rejection.expected_statuses = [
    *schema.config.checks.negative_data_rejection.expected_statuses,
    "413",
]


def principals_for(operation: str) -> list[str]:
    """Every role's token; no token too where the operation needs none."""
    open_to_all = API[operation] in (PUBLIC, SECRET)
    return [*Role.values, *([ANONYMOUS] if open_to_all else [])]


# Fields a positive body needs although the schema cannot mark them required: a vehicle
# needs the driver's name unless `driver` names an accredited one (the field's help says).
NEEDED = {"POST /api/v1/events/{slug}/vehicles/": {"driver_name": "Ali"}}
# Translated fields a positive body fills in the event's main language: which language that
# is depends on the event, so the schema cannot mark it required.
IN_MAIN_LANGUAGE = {"title", "name", "label"}


def name_real_things(case, operation: str, world: dict) -> None:
    """Put the world's ids and slugs in a positive case's body (where it has the field)."""
    values = {**world["body"], **world["body_for"].get(operation, {})}
    if isinstance(case.body, dict):
        case.body.update(NEEDED.get(operation, {}))
    bodies = [case.body] if isinstance(case.body, dict) else []
    if isinstance(case.body, dict) and isinstance(case.body.get("scans"), list):
        bodies += [scan for scan in case.body["scans"] if isinstance(scan, dict)]
    for body in bodies:
        for name in body.keys() & values.keys():
            body[name] = values[name]
        if "plate" in body:  # a plate is registered once per summit
            body["plate"] = f"AMM {next(PLATES)}"
        if "slug" in body:  # a slug names one category, zone, rank, room or track
            body["slug"] = f"fuzz-{next(SLUGS)}"
        if operation == "POST /api/v1/events/{slug}/team/" and "email" in body:
            # An address is invited once per role; Django's check of an address is stricter
            # than the schema's `format: email`.
            body["email"] = f"invitee{next(INVITEES)}@example.org"
        main = Event.objects.get(slug=world["path"]["slug"]).main_language
        for name in IN_MAIN_LANGUAGE & body.keys():
            text = body[name]
            if isinstance(text, dict) and not str(text.get(main, "")).strip():
                text[main] = "Plenary"
        if "/delegations/" in operation and "name" in body:
            # A delegation's name is unique in the summit, in each of its languages.
            body["name"] = {main: f"Fuzz delegation {next(SLUGS)}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_operations_conform_to_their_schema(case, summit_world):
    operation = f"{case.operation.method.upper()} {case.operation.path}"
    replaced_path = set()
    for name in list(case.path_parameters or {}):
        if name in summit_world["path"]:
            case.path_parameters[name] = summit_world["path"][name]
            replaced_path.add(name)
    if case.operation.path.startswith("/api/v1/delegations/"):
        # The delegation's secret, not a registrant's, opens these.
        case.path_parameters["token"] = summit_world["delegation_token"]
        replaced_path.add("token")
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    for principal in principals_for(operation):
        if positive:
            name_real_things(case, operation, summit_world)
        token = summit_world["tokens"].get(principal)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if token and isinstance(case.headers, dict):
            # The principal's header is the one sent: the negative-data check reads the
            # case's own, which would otherwise still hold the mutated one (in whatever
            # letter case the generator spelled its name).
            for name in [name for name in case.headers if name.lower() == "authorization"]:
                del case.headers[name]
                case.headers["Authorization"] = headers["Authorization"]
        excluded = list(EXCLUDED.get(operation, []))
        if invalid_only_where_overwritten(case, replaced_path, authorization_replaced=bool(token)):
            excluded.append(negative_data_rejection)
        try:
            case.call_and_validate(app=application, headers=headers, excluded_checks=excluded)
        except Exception as error:
            error.add_note(f"Principal: {principal}")
            raise
