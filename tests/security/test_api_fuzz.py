"""Schemathesis against /api/schema/: every operation, with a valid token, default checks.

The schema is fetched from the running Django WSGI application, so what is
fuzzed is what clients download. Each operation gets the token of a role that
may call it (from the authorization matrix's table) and real path parameters
(the event, a registration, a session, a registrant's secret token), so the
generated queries and bodies reach the views instead of stopping at 404.
Bounded by `max_examples` to keep the run short in CI.
"""

import io
from datetime import timedelta

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from PIL import Image
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from agenda.bilaterals.services import SlotInput, bilateral_request
from agenda.releases.services import schedule_release
from config.wsgi import application
from events.audit.services import Actor
from events.jobs.services import job_create, job_run
from events.teams.models import Role
from registrations.delegations.models import Delegation
from registrations.registration.jobs import REGISTRATIONS_EXPORT
from registrations.vehicles.services import VehicleInput, vehicle_register
from registrations.vetting.models import VettingBatch
from tests.agenda.factories import RoomFactory, SessionFactory
from tests.factories import DelegationFactory
from tests.registrations.checkin_fixtures import approved, make_summit
from tests.security.test_authorization_matrix import API, PUBLIC, SECRET

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

MAX_EXAMPLES = 12

# Every other default check runs (server errors, status codes, content types,
# headers, response schemas, unsupported methods, auth...). These two judge
# business rules rather than the contract: optional query filters with a value of
# the wrong type are ignored, as DRF does (`page_size=null` gives the default
# page), and a request that fits the schema may still be refused by the workflow
# with a documented 400 (deleting a published session).
EXCLUDED_CHECKS = [negative_data_rejection, positive_data_acceptance]


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
    session = SessionFactory(event=summit.event, room=RoomFactory(event=summit.event))
    schedule_release(event_id=summit.event.pk, actor=Actor.system())
    VettingBatch.objects.create(event=summit.event, number=1)
    delegation = DelegationFactory(event=summit.event)
    Delegation.objects.filter(pk=delegation.pk).update(head=registration)
    delegation.refresh_from_db()
    starts = summit.event.starts_at + timedelta(hours=1)
    meeting = bilateral_request(
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
    job = job_create(
        event=summit.event, kind=REGISTRATIONS_EXPORT, actor=Actor.system(), params={}, total=1
    )
    job_run(job_id=job.pk)
    return {
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
        },
    }


# Loaded once at collection, from the application itself (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


def token_for(operation: str, tokens: dict) -> str | None:
    allowed = API[operation]
    if allowed in (PUBLIC, SECRET):
        return None
    role = next(iter(sorted(allowed - {Role.ADMIN}))) if allowed - {Role.ADMIN} else Role.ADMIN
    return tokens[role]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_operations_conform_to_their_schema(case, summit_world):
    operation = f"{case.operation.method.upper()} {case.operation.path}"
    for name in list(case.path_parameters or {}):
        if name in summit_world["path"]:
            case.path_parameters[name] = summit_world["path"][name]
    if case.operation.path.startswith("/api/v1/delegations/"):
        # The delegation's secret, not a registrant's, opens these.
        case.path_parameters["token"] = summit_world["delegation_token"]
    token = token_for(operation, summit_world["tokens"])
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    case.call_and_validate(app=application, headers=headers, excluded_checks=EXCLUDED_CHECKS)
