"""Security vetting: no badge before clearance, batches out, decisions in, withdrawal."""

import csv
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from events.audit.models import AuditEntry
from events.audit.services import Actor
from events.teams.models import Role
from notifications.models import Message
from registrations.badges.models import Badge
from registrations.registration.errors import TransitionNotAllowed
from registrations.registration.models import Registration, Status, VettingState
from registrations.registration.services import registration_approve
from registrations.vetting.services import vetting_batch_create, vetting_withdraw_clearance
from tests.events.jobs.running import counts_of
from tests.factories import CategoryFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import OFFLINE_DEVICE, make_summit

pytestmark = pytest.mark.django_db

OFFICER = Actor(label="officer@example.org")


@pytest.fixture
def summit():
    summit = make_summit()
    summit.vetted = CategoryFactory(
        event=summit.event, slug="security-official", requires_vetting=True
    )
    summit.vetted.zones.set([summit.plenary])
    return summit


def in_vetting(summit, count=1, **fields):
    registrations = []
    for _ in range(count):
        registration = RegistrationFactory(event=summit.event, category=summit.vetted, **fields)
        registration_approve(registration_id=registration.pk, actor=OFFICER)
        registration.refresh_from_db()
        registrations.append(registration)
    return registrations


def export(api_client, summit):
    return api_client.post(summit.url("vetting/batches/"), **summit.bearer(Role.ACCREDITATION))


def decide(api_client, summit, rows, *, dry_run=False, as_csv=False):
    """Post the decisions; a job it starts runs (eagerly) once the request commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return _post_decisions(api_client, summit, rows, dry_run=dry_run, as_csv=as_csv)


def _post_decisions(api_client, summit, rows, *, dry_run, as_csv):
    if as_csv:
        text = "reference,decision,note\n" + "".join(
            f"{row[0]},{row[1]},{row[2] if len(row) > 2 else ''}\n" for row in rows
        )
        return api_client.post(
            summit.url("vetting/decisions/"),
            {"file": SimpleUploadedFile("decisions.csv", text.encode()), "dry_run": dry_run},
            format="multipart",
            **summit.bearer(Role.ACCREDITATION),
        )
    return api_client.post(
        summit.url("vetting/decisions/"),
        {
            "dry_run": dry_run,
            "decisions": [
                {"reference": row[0], "decision": row[1], "note": row[2] if len(row) > 2 else ""}
                for row in rows
            ],
        },
        format="json",
        **summit.bearer(Role.ACCREDITATION),
    )


def scan(api_client, summit, code):
    return api_client.post(
        summit.url(), {"code": code, "zone": "plenary"}, format="json", **summit.bearer()
    ).json()


def test_approval_in_a_vetted_category_means_vetting_and_no_badge(summit):
    (registration,) = in_vetting(summit)

    assert registration.status == Status.VETTING
    assert registration.vetting_state == VettingState.AWAITING_EXPORT
    assert not Badge.objects.filter(registration=registration).exists()
    assert not Message.objects.filter(kind="registration.approved").exists()
    with pytest.raises(TransitionNotAllowed, match="security clearance"):
        registration_approve(registration_id=registration.pk, actor=OFFICER)


def test_a_vetted_category_without_review_goes_straight_to_vetting(api_client, summit):
    summit.vetted.requires_approval = False
    summit.vetted.save()
    response = api_client.post(
        summit.url("registrations/"),
        {
            "first_name": "Omar",
            "last_name": "Haddad",
            "email": "omar@example.org",
            "organization": "Police",
            "job_title": "Colonel",
            "country": "JO",
            "category": "security-official",
            "consent": True,
        },
        format="json",
    )

    assert response.status_code == 202, response.json()
    assert Registration.objects.get(email="omar@example.org").status == "vetting"
    assert not Badge.objects.exists()


def test_no_badge_file_before_clearance(client, summit):
    (registration,) = in_vetting(summit)
    officer = UserFactory()
    summit.event.team.create(user=officer, role=Role.ACCREDITATION)
    client.force_login(officer)

    response = client.get(
        f"/api/v1/events/{summit.event.slug}/registrations/{registration.reference}/badge.pdf"
    )

    assert response.status_code == 409


def test_the_round_trip_export_then_decisions_issues_badges_to_the_cleared(api_client, summit):
    cleared, refused, asked = in_vetting(summit, 3)

    response = export(api_client, summit)

    assert response.status_code == 201
    batch = response.json()
    assert batch["number"] == 1
    assert batch["size"] == 3
    assert {row["reference"] for row in batch["rows"]} == {
        cleared.reference,
        refused.reference,
        asked.reference,
    }
    assert all(
        Registration.objects.get(pk=r.pk).vetting_state == VettingState.SUBMITTED
        for r in (cleared, refused, asked)
    )

    rows = [
        (cleared.reference, "cleared"),
        (refused.reference, "refused", "Not cleared"),
        (asked.reference, "more_information", "Passport scan unreadable"),
    ]
    dry = decide(api_client, summit, rows, dry_run=True, as_csv=True)
    assert dry.status_code == 200, dry.json()
    assert dry.json()["valid"] is True
    assert dry.json()["applied"] is False
    assert Registration.objects.get(pk=cleared.pk).status == Status.VETTING

    accepted = decide(api_client, summit, rows, as_csv=True)
    assert accepted.status_code == 202, accepted.json()
    assert accepted["Location"] == accepted.json()["status_url"]
    job = api_client.get(accepted["Location"], **summit.bearer(Role.ACCREDITATION)).json()
    assert (job["status"], job["percent"], job["done"], job["total"]) == ("done", 100, 3, 3)
    assert counts_of(job) == {
        "applied": 3,
        "failed": 0,
        "cleared": 1,
        "refused": 1,
        "more_information": 1,
    }
    assert [(row["reference"], row["outcome"]) for row in job["outcome"]["rows"]] == [
        (cleared.reference, "applied"),
        (refused.reference, "applied"),
        (asked.reference, "applied"),
    ]

    cleared.refresh_from_db()
    refused.refresh_from_db()
    asked.refresh_from_db()
    assert (cleared.status, cleared.vetting_state) == (Status.APPROVED, VettingState.CLEARED)
    assert Badge.objects.filter(registration=cleared, revoked_at__isnull=True).count() == 1
    assert Message.objects.filter(kind="registration.approved", recipient=cleared.email).exists()
    assert (refused.status, refused.vetting_state) == (Status.REJECTED, VettingState.REFUSED)
    assert not refused.reason_visible
    assert (asked.status, asked.vetting_state) == (
        Status.VETTING,
        VettingState.MORE_INFORMATION,
    )
    assert asked.vetting_note == "Passport scan unreadable"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "vetting.batch_exported",
        "vetting.cleared",
        "vetting.refused",
        "vetting.more_information",
        "vetting.decisions_imported",
    } <= actions

    # "More information" goes out again with the next batch, alone.
    second = export(api_client, summit).json()
    assert second["number"] == 2
    assert [row["reference"] for row in second["rows"]] == [asked.reference]


def test_the_batch_csv_links_to_the_photo_and_never_contains_it(api_client, summit):
    photo = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 not really a photo", "image/jpeg")
    (registration,) = in_vetting(summit, photo=photo, name_ar="عمر حداد")
    export(api_client, summit)

    response = api_client.get(
        summit.url("vetting/batches/1/export.csv"), **summit.bearer(Role.ACCREDITATION)
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["reference"] == registration.reference
    assert row["name_ar"] == "عمر حداد"
    assert row["photo_url"].endswith(
        f"/manage/{summit.event.slug}/registrations/{registration.reference}/photo.jpg"
    )
    assert "not really a photo" not in text
    assert AuditEntry.objects.filter(action="vetting.batch_downloaded").exists()


def test_an_export_with_nobody_waiting_is_a_conflict(api_client, summit):
    response = export(api_client, summit)

    assert response.status_code == 409
    assert "No registration is waiting" in response.json()["detail"]


BAD_FILE_ERRORS = {
    3: "No registration of this event has this reference.",
    4: "Duplicate row: this reference already has a decision on line 2.",
    5: "not waiting for a vetting decision",
    6: "(it is approved)",
    7: "Unknown decision",
}


def test_a_bad_import_changes_nothing_and_names_each_bad_row(api_client, summit):
    sent, other = in_vetting(summit, 2)
    export(api_client, summit)
    (not_sent,) = in_vetting(summit)  # approved after the export: not in a batch yet
    approved_elsewhere = RegistrationFactory(event=summit.event, status=Status.APPROVED)

    rows = [
        (sent.reference, "cleared"),
        ("UFS-NOSUCH", "cleared"),
        (sent.reference, "refused"),
        (not_sent.reference, "cleared"),
        (approved_elsewhere.reference, "refused"),
        (other.reference, "maybe"),
    ]
    response = decide(api_client, summit, rows, as_csv=True, dry_run=True)

    assert response.status_code == 400
    report = response.json()
    assert report["valid"] is False
    assert report["applied"] is False
    errors = {row["line"]: row["errors"] for row in report["rows"]}
    assert errors[2] == []
    assert errors[3] == ["No registration of this event has this reference."]
    assert errors[4] == ["Duplicate row: this reference already has a decision on line 2."]
    assert "not waiting for a vetting decision" in errors[5][0]
    assert "(it is approved)" in errors[6][0]
    assert "Unknown decision" in errors[7][0]

    # Applied, the same file is read at once (202) and its job, checking it whole, finds
    # the same rows and applies nothing, saying so.
    accepted = decide(api_client, summit, rows, as_csv=True)
    assert accepted.status_code == 202
    job = api_client.get(accepted["Location"], **summit.bearer(Role.ACCREDITATION)).json()
    assert job["status"] == "done"
    assert counts_of(job) == {"applied": 0, "rows_with_errors": 5, "not_applied": 6}
    assert job["outcome"]["message"] == (
        "Nothing was applied: 5 of the 6 rows have errors. "
        "Correct them and upload the whole file again."
    )
    applied_errors = {row["line"]: row["error"] for row in job["outcome"]["rows"]}
    assert set(applied_errors) == set(BAD_FILE_ERRORS)
    for line, words in BAD_FILE_ERRORS.items():
        assert words in applied_errors[line]
    assert {row["outcome"] for row in job["outcome"]["rows"]} == {"error"}
    sent.refresh_from_db()
    assert sent.status == Status.VETTING
    assert sent.vetting_state == VettingState.SUBMITTED
    assert not Badge.objects.filter(registration=sent).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty."),
        (b"name,outcome\nA,B\n", "The first line must name the columns"),
        (b"\xff\xfe\x00r\x00e", "not UTF-8"),
        (b"reference,decision\n", "holds no decisions"),
    ],
)
def test_a_malformed_file_is_refused_as_a_whole(api_client, summit, content, message):
    response = api_client.post(
        summit.url("vetting/decisions/"),
        {"file": SimpleUploadedFile("decisions.csv", content)},
        format="multipart",
        **summit.bearer(Role.ACCREDITATION),
    )

    assert response.status_code == 400
    assert message in json.dumps(response.json(), ensure_ascii=False)


@pytest.mark.parametrize("dry_run", [True, False])
def test_json_decisions_must_be_objects(api_client, summit, dry_run):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = api_client.post(
            summit.url("vetting/decisions/"),
            {"decisions": ["UFS-1 cleared"], "dry_run": dry_run},
            format="json",
            **summit.bearer(Role.ACCREDITATION),
        )

    expected = "Each decision is an object with a reference and a decision."
    if dry_run:
        assert response.status_code == 400
        assert response.json()["rows"][0]["errors"] == [expected]
    else:
        assert response.status_code == 202
        job = api_client.get(response["Location"], **summit.bearer(Role.ACCREDITATION)).json()
        assert job["outcome"]["rows"][0]["error"] == expected


def test_the_vetting_api_needs_the_accreditation_role(api_client, summit):
    for role in (Role.CHECKIN, Role.PROGRAMME):
        response = api_client.post(summit.url("vetting/batches/"), **summit.bearer(role))
        assert response.status_code == 403


def test_a_withdrawn_clearance_revokes_the_badge_online_and_offline(api_client, summit):
    (registration,) = in_vetting(summit)
    export(api_client, summit)
    decide(api_client, summit, [(registration.reference, "cleared")])
    registration.refresh_from_db()
    badge = Badge.objects.get(registration=registration, revoked_at__isnull=True)
    from registrations.badges.services import badge_qr_text

    code = badge_qr_text(badge)
    assert scan(api_client, summit, code)["result"] == "accepted"

    response = api_client.post(
        summit.url(f"registrations/{registration.reference}/withdraw-clearance/"),
        {"reason": "Security service withdrew the clearance"},
        format="json",
        **summit.bearer(Role.ACCREDITATION),
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "revoked"
    assert response.json()["vetting_state"] == "withdrawn"
    assert scan(api_client, summit, code)["result"] == "revoked"
    package = api_client.get(
        summit.url("checkins/offline-package/"), **summit.bearer(OFFLINE_DEVICE)
    ).json()
    assert {"id": registration.pk, "status": "revoked"} in package["not_admitted"]
    assert {"id": registration.pk, "versions": [badge.version]} in package["revoked"]
    entry = AuditEntry.objects.get(action="vetting.clearance_withdrawn")
    assert entry.reason == "Security service withdrew the clearance"


def test_only_a_cleared_registration_can_have_its_clearance_withdrawn(api_client, summit):
    plain = RegistrationFactory(event=summit.event, status=Status.APPROVED)

    response = api_client.post(
        summit.url(f"registrations/{plain.reference}/withdraw-clearance/"),
        {"reason": "x"},
        format="json",
        **summit.bearer(Role.ACCREDITATION),
    )

    assert response.status_code == 409
    with pytest.raises(TransitionNotAllowed):
        vetting_withdraw_clearance(registration_id=plain.pk, actor=OFFICER, reason="x")


def test_a_withdrawal_needs_a_reason(summit):
    (registration,) = in_vetting(summit)
    vetting_batch_create(event=summit.event, actor=OFFICER)
    Registration.objects.filter(pk=registration.pk).update(
        status=Status.APPROVED, vetting_state=VettingState.CLEARED
    )

    from registrations.registration.errors import RegistrationError

    with pytest.raises(RegistrationError, match="Say why"):
        vetting_withdraw_clearance(registration_id=registration.pk, actor=OFFICER, reason=" ")


class TestPages:
    @pytest.fixture
    def officer(self, client, summit):
        user = UserFactory()
        summit.event.team.create(user=user, role=Role.ACCREDITATION)
        client.force_login(user)
        return client

    def test_export_check_then_apply_from_the_page(self, officer, summit):
        (registration,) = in_vetting(summit)
        url = f"/manage/{summit.event.slug}/vetting/"

        page = officer.get(url)
        assert page.status_code == 200
        assert "1 registration is waiting to be sent." in page.content.decode()

        officer.post(url, {"action": "export"})
        assert officer.get(f"/manage/{summit.event.slug}/vetting/batches/1.csv").status_code == 200

        upload = SimpleUploadedFile(
            "decisions.csv", f"reference,decision\n{registration.reference},cleared\n".encode()
        )
        checked = officer.post(url, {"action": "check", "file": upload})
        body = checked.content.decode()
        assert "No errors: 1 cleared, 0 refused, 0 asked for more information." in body
        registration.refresh_from_db()
        assert registration.status == Status.VETTING

        content = checked.context["content"]
        with TestCase.captureOnCommitCallbacks(execute=True):
            started = officer.post(url, {"action": "apply", "content": content})
        assert started.status_code == 302
        assert re.fullmatch(rf"/manage/{summit.event.slug}/jobs/\d+/", started["Location"])
        job_page = officer.get(started["Location"]).content.decode()
        assert "Done" in job_page
        assert 'value="100"' in job_page
        assert "<dt>Cleared</dt><dd>1</dd>" in job_page
        assert registration.reference in job_page
        registration.refresh_from_db()
        assert registration.status == Status.APPROVED

    def test_the_batch_for_the_security_service_neutralises_formulas(self, officer, summit):
        (registration,) = in_vetting(
            summit,
            first_name='=HYPERLINK("http://evil")',
            organization="@SUM(A1)",
            job_title="-2",
            name_ar="+عمر",
        )
        officer.post(f"/manage/{summit.event.slug}/vetting/", {"action": "export"})

        response = officer.get(f"/manage/{summit.event.slug}/vetting/batches/1.csv")

        assert response["Cache-Control"] == "private, no-store"
        assert response.content.startswith("\ufeff".encode())
        (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        assert row["reference"] == registration.reference
        assert row["first_name"] == '\'=HYPERLINK("http://evil")'
        assert row["organization"] == "'@SUM(A1)"
        assert row["job_title"] == "'-2"
        assert row["name_ar"] == "'+عمر"

    def test_a_file_with_errors_shows_them_and_offers_no_apply(self, officer, summit):
        upload = SimpleUploadedFile("decisions.csv", b"reference,decision\nUFS-NOPE,cleared\n")

        page = officer.post(
            f"/manage/{summit.event.slug}/vetting/", {"action": "check", "file": upload}
        )

        body = page.content.decode()
        assert "No registration of this event has this reference." in body
        assert "Apply these decisions" not in body

    def test_the_detail_page_offers_no_approval_in_vetting(self, officer, summit):
        (registration,) = in_vetting(summit)

        page = officer.get(
            f"/manage/{summit.event.slug}/registrations/{registration.reference}/"
        ).content.decode()

        assert "Waiting to be sent" in page
        assert "/approve/" not in page
