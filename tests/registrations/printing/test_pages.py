"""The officer's pass pages, badge and vehicle pass alike: shared parts, print and QR answers."""

import io

import pytest
import zxingcpp
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import Http404
from django.test import RequestFactory
from PIL import Image

from events.audit.services import Actor, audit_record
from events.errors import DomainError
from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.printing.pages import pass_pdf, pass_qr
from registrations.vehicles.services import VehicleInput, vehicle_approve, vehicle_register
from tests.factories import DelegationFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(client):
    summit = make_summit()
    officer = UserFactory()
    team_member_add(event=summit.event, user=officer, role=Role.ACCREDITATION)
    client.force_login(officer)
    summit.delegation = DelegationFactory(event=summit.event)
    return summit


def vehicle(summit, plate="AMM 1", *, approve=True):
    data = VehicleInput(plate=plate, make="Kia", colour="Red", driver_name="Ali")
    registered = vehicle_register(delegation=summit.delegation, data=data, actor=Actor.system())
    if approve:
        return vehicle_approve(vehicle_id=registered.pk, actor=Actor.system())
    return registered


def badge_page(summit):
    registration, _code = approved(summit)
    return f"/manage/{summit.event.slug}/badges/{registration.reference}/", registration


def vehicle_page(summit):
    pass_ = vehicle(summit)
    return f"/manage/{summit.event.slug}/vehicles/{pass_.pk}/", pass_


@pytest.mark.parametrize("page", [badge_page, vehicle_page], ids=["badge", "vehicle pass"])
def test_both_pass_pages_are_built_from_the_shared_parts(client, summit, page):
    url, _subject = page(summit)

    response = client.get(url)

    assert response.status_code == 200
    names = {template.name for template in response.templates}
    assert {
        "registrations/pass_page.html",
        "registrations/pass_print.html",
        "registrations/pass_printed.html",
    } <= names
    html = response.content.decode()
    assert 'class="qr-preview"' in html
    assert "not printed yet" in html
    assert 'id="history-title"' in html


def test_the_badge_page_shows_the_badge_steps_of_the_audit_trail_only(client, summit):
    url, registration = badge_page(summit)
    audit_record(
        event=summit.event, actor=Actor.system(), action="registration.noted", obj=registration
    )

    audit = list(client.get(url).context["audit"])

    assert [entry.action for entry in audit] == ["badge.issued"]


def test_the_vehicle_page_shows_that_passes_audit_trail_only(client, summit):
    url, _pass = vehicle_page(summit)
    vehicle(summit, plate="AMM 2")

    audit = client.get(url).context["audit"]

    assert sorted(entry.action for entry in audit) == ["vehicle.approved", "vehicle.registered"]


def test_a_printed_pass_shows_how_often_and_warns_before_printing_again(client, summit):
    url, _pass = vehicle_page(summit)
    assert client.get(url + "vehicle-pass.pdf").status_code == 200

    html = client.get(url).content.decode()

    assert '<span class="badge-warning-strong">printed 1×</span>' in html
    assert "This pass was already printed 1×." in html


@pytest.mark.parametrize(
    ("make", "suffix", "reason"),
    [
        (
            lambda summit: (
                "badges",
                RegistrationFactory(event=summit.event, category=summit.delegate).reference,
            ),
            "badge.pdf",
            "Only an approved registration has a badge to print.",
        ),
        (
            lambda summit: ("vehicles", vehicle(summit, approve=False).pk),
            "vehicle-pass.pdf",
            "Only an approved vehicle pass can be printed.",
        ),
    ],
    ids=["badge", "vehicle pass"],
)
def test_a_pass_that_may_not_be_printed_sends_back_to_its_page_with_why(
    client, summit, make, suffix, reason
):
    kind, key = make(summit)
    page = f"/manage/{summit.event.slug}/{kind}/{key}/"

    response = client.get(page + suffix)

    assert response.status_code == 302
    assert response["Location"] == page
    assert reason in client.get(page).content.decode()


def test_pass_pdf_answers_the_pdf_inline_and_uncached():
    request = RequestFactory().get("/")

    response = pass_pdf(request, print_pass=lambda: b"%PDF-1.4", filename="p.pdf", refused_url="/")

    assert response.content == b"%PDF-1.4"
    assert response["Content-Disposition"] == 'inline; filename="p.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_pass_pdf_turns_a_refusal_into_a_message_and_a_redirect():
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)

    def refuse() -> bytes:
        raise DomainError("Not now.", code="not_approved")

    response = pass_pdf(request, print_pass=refuse, filename="p.pdf", refused_url="/back/")

    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert [str(message) for message in get_messages(request)] == ["Not now."]


def test_pass_qr_is_a_png_of_the_code_and_404_without_a_pass():
    response = pass_qr("SUMMIT-CODE", "p.png")

    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert [item.text for item in decoded] == ["SUMMIT-CODE"]
    assert response["Content-Type"] == "image/png"
    with pytest.raises(Http404):
        pass_qr(None, "p.png")
