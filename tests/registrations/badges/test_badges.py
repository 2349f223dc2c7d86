"""Badges: issued on approval, reissued with a reason, printed and counted, downloaded."""

import io

import pytest
import zxingcpp
from django.test import TestCase
from PIL import Image
from pypdf import PdfReader

from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.jobs.models import Job
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.dispatch import attachment_content, messages_dispatch_due
from notifications.models import Message
from registrations.badges.models import Badge
from registrations.badges.services import (
    BadgeError,
    badge_qr_text,
    badge_reissue,
    badges_issue_missing,
)
from registrations.badges.signing import code_parse, code_signature_valid
from registrations.registration.models import Status
from registrations.registration.services import (
    RegistrationInput,
    registration_approve,
    registration_revoke,
    registration_submit,
)
from tests.events.jobs.running import counts_of
from tests.factories import DelegationFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db

OFFICER = Actor(label="officer@example.org")


@pytest.fixture
def summit():
    return make_summit()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def decode_png(data: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(results) == 1
    return results[0].text


# --- Issuing --------------------------------------------------------------------------


def test_approval_issues_a_badge_and_mails_it_as_a_pdf(summit):
    registration = RegistrationFactory(
        event=summit.event, category=summit.delegate, first_name="Amina", last_name="Haddad"
    )

    registration_approve(registration_id=registration.pk, actor=OFFICER)

    badge = Badge.objects.get(registration=registration)
    assert badge.version == 1
    assert badge.revoked_at is None
    message = Message.objects.get(kind="registration.approved")
    attachment = message.attachments.get(content_type="application/pdf")
    assert attachment.filename == f"badge-{registration.reference}.pdf"
    assert attachment.content_type == "application/pdf"
    assert "Amina Haddad" in pdf_text(attachment_content(attachment))
    assert AuditEntry.objects.filter(
        action="badge.issued", object_id=registration.reference
    ).exists()


def test_the_sent_approval_carries_the_badge_current_when_it_is_sent(summit, mailoutbox):
    registration = RegistrationFactory(event=summit.event, category=summit.delegate)
    registration_approve(registration_id=registration.pk, actor=OFFICER)
    badge_reissue(registration_id=registration.pk, actor=OFFICER, reason="Zones changed")

    messages_dispatch_due()

    (email,) = [m for m in mailoutbox if registration.email in m.to[0]]
    files = {name: content for name, content, _type in email.attachments}
    pdf = files[f"badge-{registration.reference}.pdf"]
    assert f"{registration.reference} · v2" in pdf_text(pdf)


def test_an_approval_sent_after_revocation_goes_without_the_badge(summit, mailoutbox):
    registration = RegistrationFactory(event=summit.event, category=summit.delegate)
    registration_approve(registration_id=registration.pk, actor=OFFICER)
    registration_revoke(registration_id=registration.pk, actor=OFFICER, reason="Withdrawn")

    messages_dispatch_due()

    approval = next(m for m in mailoutbox if "accreditation is confirmed" in m.subject)
    names = [name for name, _content, _type in approval.attachments]
    assert f"badge-{registration.reference}.pdf" not in names
    assert f"{summit.event.slug}.ics" in names


def test_automatic_approval_issues_a_badge_too(summit):
    summit.delegate.requires_approval = False
    summit.delegate.save()

    registration = registration_submit(
        event=summit.event,
        data=RegistrationInput(
            first_name="Omar",
            last_name="Nasser",
            email="omar@example.org",
            organization="Police",
            job_title="Chief",
            country="JO",
            category="delegate",
            consent=True,
        ),
    )

    assert registration.status == Status.APPROVED
    assert registration.badges.get().version == 1
    approval = Message.objects.get(kind="registration.approved")
    assert approval.attachments.filter(content_type="application/pdf").count() == 1


def test_reissuing_bumps_the_version_revokes_the_old_code_and_records_the_reason(summit):
    registration, old_code = approved(summit)

    new = badge_reissue(registration_id=registration.pk, actor=OFFICER, reason="Lost at hotel")

    assert new.version == 2
    old = registration.badges.get(version=1)
    assert old.revoked_at is not None
    assert old.revoked_reason == "Lost at hotel"
    assert code_parse(badge_qr_text(new)).code.version == 2
    assert code_parse(old_code).code.version == 1
    entry = AuditEntry.objects.get(action="badge.reissued")
    assert entry.reason == "Lost at hotel"
    assert entry.data == {"from": 1, "to": 2}
    assert entry.actor_label == "officer@example.org"


def test_reissuing_needs_a_reason_and_an_approved_registration(summit):
    registration, _code = approved(summit)
    with pytest.raises(BadgeError):
        badge_reissue(registration_id=registration.pk, actor=OFFICER, reason="  ")
    pending = RegistrationFactory(event=summit.event, category=summit.delegate)
    with pytest.raises(BadgeError):
        badge_reissue(registration_id=pending.pk, actor=OFFICER, reason="Lost")


def test_revoking_a_registration_revokes_its_badge(summit):
    registration, _code = approved(summit)

    registration_revoke(registration_id=registration.pk, actor=OFFICER, reason="Security")

    assert registration.badges.get().revoked_at is not None
    assert AuditEntry.objects.filter(action="badge.revoked").exists()


def test_issuing_missing_badges_is_idempotent(summit):
    RegistrationFactory.create_batch(
        3, event=summit.event, category=summit.delegate, status=Status.APPROVED
    )
    RegistrationFactory(event=summit.event, category=summit.delegate, status=Status.PENDING)

    assert badges_issue_missing(event=summit.event, actor=OFFICER) == 3
    assert badges_issue_missing(event=summit.event, actor=OFFICER) == 0
    assert Badge.objects.count() == 3


def test_seed_demo_gives_approved_demo_registrations_badges(settings, tmp_path):
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    from registrations.registration.models import Registration

    approved_demo = Registration.objects.filter(
        event__slug="unity-for-security", status=Status.APPROVED
    )
    assert approved_demo.count() > 100
    assert (
        Badge.objects.filter(registration__in=approved_demo, revoked_at__isnull=True).count()
        == approved_demo.count()
    )
    assert Badge.objects.count() == approved_demo.count()  # the second run issued nothing


# --- API ------------------------------------------------------------------------------


def test_the_badge_pdf_and_qr_image_for_accreditation(api_client, summit):
    registration, code = approved(
        summit, first_name="Layla", last_name="Khoury", name_ar="ليلى خوري"
    )
    base = summit.url(f"registrations/{registration.reference}/")

    pdf = api_client.get(base + "badge.pdf", **summit.bearer(Role.ACCREDITATION))
    png = api_client.get(base + "badge.png", **summit.bearer(Role.ACCREDITATION))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Layla Khoury" in text
    assert "ليلى خوري" in text
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    assert decode_png(png.content) == code  # a real decoder reads the signed code back
    registration.badges.get().refresh_from_db()
    assert registration.badges.get().print_count == 1  # the PDF counts, the PNG does not


@pytest.mark.parametrize("role", [Role.CHECKIN, Role.PROGRAMME])
def test_the_badge_api_refuses_other_roles(api_client, summit, role):
    registration, _code = approved(summit)
    url = summit.url(f"registrations/{registration.reference}/badge.pdf")

    assert api_client.get(url, **summit.bearer(role)).status_code == 403
    assert api_client.get(url).status_code == 401


def test_a_registration_that_is_not_approved_has_no_badge(api_client, summit):
    registration = RegistrationFactory(event=summit.event, category=summit.delegate)
    url = summit.url(f"registrations/{registration.reference}/badge.pdf")

    response = api_client.get(url, **summit.bearer(Role.ACCREDITATION))

    assert response.status_code == 409
    assert not Badge.objects.exists()


def test_the_public_key_endpoint_verifies_badge_codes(api_client, summit):
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    _registration, code = approved(summit)

    data = api_client.get(summit.url("badge-key/")).json()

    assert data["algorithm"] == "Ed25519"
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(data["public_key"]))
    assert code_signature_valid(code_parse(code), public_key=key)


def test_the_batch_pdf_orders_by_delegation_then_name_and_counts_prints(api_client, summit):
    bravo = DelegationFactory(event=summit.event, name={"en": "Bravo"})
    alpha = DelegationFactory(event=summit.event, name={"en": "Alpha"})
    people = [
        ("Zed", bravo),
        ("Yara", alpha),
        ("Adam", bravo),
        ("Nadia", None),
        ("Basil", alpha),
    ]
    for last_name, delegation in people:
        approved(summit, last_name=last_name, first_name="X", delegation=delegation)
    approved(summit, category=summit.speaker, last_name="Speaker", first_name="X")
    RegistrationFactory(event=summit.event, category=summit.delegate, last_name="Pending")

    pdf = batch_pdf(api_client, summit, {"category": "delegate"})

    pages = PdfReader(io.BytesIO(pdf)).pages
    names = [
        next(name for name, _d in people if f"X {name}" in page.extract_text()) for page in pages
    ]
    assert names == ["Basil", "Yara", "Adam", "Zed", "Nadia"]
    assert set(
        Badge.objects.filter(registration__category=summit.delegate).values_list(
            "print_count", flat=True
        )
    ) == {1}


def batch_pdf(api_client, summit, body):
    """POST badges.pdf (202, a job that runs once the request commits), then its file."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        accepted = api_client.post(
            summit.url("badges.pdf"), body, format="json", **summit.bearer(Role.ACCREDITATION)
        )
    assert accepted.status_code == 202, accepted.json()
    job = api_client.get(accepted["Location"], **summit.bearer(Role.ACCREDITATION)).json()
    assert job["status"] == "done", job
    response = api_client.get(job["file_url"], **summit.bearer(Role.ACCREDITATION))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_a_batch_naming_unknown_or_foreign_references_is_refused_naming_them(api_client, summit):
    mine, _code = approved(summit)
    foreign = RegistrationFactory()

    response = api_client.post(
        summit.url("badges.pdf"),
        {"references": [mine.reference, foreign.reference, "NOPE-1"]},
        format="json",
        **summit.bearer(Role.ACCREDITATION),
    )

    assert response.status_code == 400
    message = response.json()["references"][0]
    assert foreign.reference in message
    assert "NOPE-1" in message
    assert mine.reference not in message
    assert not Job.objects.exists()


def test_a_batch_reports_each_chosen_reference(api_client, summit):
    mine, _code = approved(summit)
    pending = RegistrationFactory(event=summit.event, category=summit.delegate)

    with TestCase.captureOnCommitCallbacks(execute=True):
        accepted = api_client.post(
            summit.url("badges.pdf"),
            {"references": [mine.reference, pending.reference]},
            format="json",
            **summit.bearer(Role.ACCREDITATION),
        )
    job = api_client.get(accepted["Location"], **summit.bearer(Role.ACCREDITATION)).json()

    assert counts_of(job) == {"printed": 1, "not_printed": 1}
    assert [(row["reference"], row["outcome"]) for row in job["outcome"]["rows"]] == [
        (mine.reference, "printed"),
        (pending.reference, "not_printed"),
    ]


def test_a_batch_with_nothing_to_print_is_refused(api_client, summit):
    response = api_client.post(
        summit.url("badges.pdf"), {}, format="json", **summit.bearer(Role.ACCREDITATION)
    )

    assert response.status_code == 409
    assert response.json()["code"] == "empty"


def test_the_batch_on_a4_sheets_puts_nine_cards_on_a_page(api_client, summit):
    for number in range(10):
        approved(summit, last_name=f"Person{number}")

    pdf = batch_pdf(api_client, summit, {"sheet": "a4"})

    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    assert round(float(pages[0].mediabox.width) / 72 * 25.4) == 210


# --- Pages ----------------------------------------------------------------------------


@pytest.fixture
def officer(summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.ACCREDITATION)
    return user


def test_the_officer_sees_how_often_a_badge_was_printed(client, summit, officer):
    registration, _code = approved(summit)
    client.force_login(officer)
    detail = f"/manage/{summit.event.slug}/badges/{registration.reference}/"

    for _ in range(2):
        assert client.get(detail + "badge.pdf").status_code == 200
    page = client.get(detail).content.decode()
    listing = client.get(f"/manage/{summit.event.slug}/badges/").content.decode()

    assert "printed 2×" in page
    assert "printed 2×" in listing


def test_the_officer_reissues_a_badge_with_a_reason(client, summit, officer):
    registration, _code = approved(summit)
    client.force_login(officer)
    url = f"/manage/{summit.event.slug}/badges/{registration.reference}/reissue/"

    unconfirmed = client.post(url, {"reason": "Damaged"})
    assert unconfirmed.status_code == 200
    assert "version 1 stops working at every door" in unconfirmed.content.decode()
    assert registration.badges.get().revoked_at is None
    refused = client.post(url, {"reason": "", "confirm": "yes"}, follow=True)
    done = client.post(url, {"reason": "Damaged", "confirm": "yes"}, follow=True)

    assert "Say why the badge is reissued." in refused.content.decode()
    assert "Badge version 2 issued" in done.content.decode()
    assert registration.badges.filter(revoked_at__isnull=True).get().version == 2


def test_the_batch_page_starts_a_job_whose_page_gives_the_pdf(client, summit, officer):
    approved(summit)
    client.force_login(officer)

    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(f"/manage/{summit.event.slug}/badges/", {"sheet": "a4"})
    assert started.status_code == 302
    page = client.get(started["Location"]).content.decode()
    assert "Done" in page
    assert f"/manage/{summit.event.slug}/jobs/" in page

    job = Job.objects.get()
    response = client.get(f"/manage/{summit.event.slug}/jobs/{job.pk}/file")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_registrant_downloads_the_badge_only_once_approved(client, summit):
    registration, code = approved(summit)
    pending = RegistrationFactory(event=summit.event, category=summit.delegate)

    page = client.get(f"/me/{registration.secret_token}/")
    pdf = client.get(f"/me/{registration.secret_token}/badge.pdf")
    png = client.get(f"/me/{registration.secret_token}/badge.png")

    assert f"/me/{registration.secret_token}/badge.pdf" in page.content.decode()
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert decode_png(png.content) == code
    assert client.get(f"/me/{pending.secret_token}/badge.pdf").status_code == 404
    assert "badge.pdf" not in client.get(f"/me/{pending.secret_token}/").content.decode()
    assert registration.badges.get().print_count == 0  # self-service copies are not counted


def test_a_batch_of_known_references_prints_them_in_any_letter_case(api_client, summit):
    registration, _code = approved(summit, last_name="Known")

    with TestCase.captureOnCommitCallbacks(execute=True):
        accepted = api_client.post(
            summit.url("badges.pdf"),
            {"references": [registration.reference.lower()]},
            format="json",
            **summit.bearer(Role.ACCREDITATION),
        )
    job = api_client.get(accepted["Location"], **summit.bearer(Role.ACCREDITATION)).json()

    assert accepted.status_code == 202
    assert counts_of(job) == {"printed": 1, "not_printed": 0}


def test_a_batch_reference_must_be_text(api_client, summit):
    response = api_client.post(
        summit.url("badges.pdf"),
        {"references": [0]},
        format="json",
        **summit.bearer(Role.ACCREDITATION),
    )

    assert response.status_code == 400
    assert "references" in response.json()
