"""Importing registrations: mapping, the dry run, the apply job, the page and the API."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.audit.models import AuditEntry
from events.jobs.models import Job, JobStatus
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.models import Message
from registrations.imports.mapping import mapping_guess
from registrations.imports.models import RegistrationImport
from registrations.imports.reading import table_read
from registrations.imports.services import import_create
from registrations.registration.models import Registration, Status
from tests.factories import RegistrationFactory, UserFactory
from tests.registrations.imports.conftest import HEADER, csv_bytes, person, xlsx

pytestmark = pytest.mark.django_db

FULL_HEADER = [*HEADER, "Attending the dinner", "Delegation", "Language"]


def full(n: int, dinner="yes", delegation="", language="", **cells) -> list:
    return [*person(n, **cells), dinner, delegation, language]


def api_post(
    api_client, summit, content, *, name="list.csv", role=Role.ACCREDITATION, headers=(), **fields
):
    body = {"file": SimpleUploadedFile(name, content), "consent": "true", **fields}
    return api_client.post(
        summit.url("registrations/import/"), body, **summit.bearer(role), **dict(headers)
    )


def job_of(api_client, summit, response) -> dict:
    assert response.status_code == 202, response.content
    return api_client.get(response["Location"], **summit.bearer(Role.ACCREDITATION)).json()


def errors_by_line(job: dict) -> dict[int, list[tuple[str, str]]]:
    return {
        row["line"]: [(error["column"], error["message"]) for error in row["errors"]]
        for row in job["outcome"]["rows"]
        if row["outcome"] in ("error", "failed")
    }


# --- Mapping ---------------------------------------------------------------------------


def test_columns_are_matched_by_their_headers_in_any_of_the_events_languages(summit):
    questions = list(summit.event.questions.all())
    french = ["Catégorie", "Prénom", "Nom", "Adresse électronique", "Pays", "Présent au dîner"]
    assert mapping_guess(summit.event, questions, french) == {
        "0": "category",
        "1": "first_name",
        "2": "last_name",
        "3": "email",
        "4": "country",
        "5": f"q{summit.dinner.pk}",
    }
    english = ["E-mail", "First name", "Last name", "Delegation", "Language", "Unknown"]
    assert mapping_guess(summit.event, questions, english) == {
        "0": "email",
        "1": "first_name",
        "2": "last_name",
        "3": "delegation",
        "4": "language",
    }


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"0": "category", "1": "first_name", "2": "last_name"}, "Email"),
        ({"Nope": "email"}, "The file has no column “Nope”."),
        ({"0": "password"}, "“password” is not a field of the registration form."),
        ({"0": "email", "3": "email"}, "Two columns fill the same field (email)"),
    ],
)
def test_a_mapping_that_cannot_register_anyone_is_refused(api_client, summit, mapping, message):
    content = csv_bytes([HEADER, person(1)])
    response = api_post(api_client, summit, content, mapping=json.dumps(mapping))
    assert response.status_code == 400
    assert message in response.json()["mapping"][0]
    assert not Job.objects.exists()


# --- The dry run -----------------------------------------------------------------------


def test_a_dry_run_lists_every_rows_errors_with_its_column_and_writes_nothing(
    api_client, summit, django_capture_on_commit_callbacks
):
    RegistrationFactory(event=summit.event, email="known@example.org")
    before = (Registration.objects.count(), Message.objects.count(), AuditEntry.objects.count())
    rows = [
        FULL_HEADER,
        full(1),  # good
        full(2, **{"Email": "not-an-email"}),
        full(3, **{"Category": "Astronaut"}),
        full(4, **{"Country": "Atlantis", "First name": ""}),
        full(5, **{"Email": "known@example.org"}),
        full(6, **{"Email": "PERSON1@example.org"}),  # twice in the file
        full(7, dinner="perhaps"),
        full(8, dinner=""),  # required question
        full(9, delegation="NOPE"),
        full(10, language="de"),
        full(11, **{"First name": "\u0410mina"}),  # a Cyrillic A
        full(12, **{"Category": "Head of delegation"}, delegation="Oman"),  # good: officer
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = api_post(api_client, summit, xlsx(rows), name="list.xlsx", dry_run="true")
    job = job_of(api_client, summit, response)

    assert job["kind"] == "registrations_import_check"
    assert job["status"] == "done"
    counts = {count["name"]: count["count"] for count in job["outcome"]["counts"]}
    assert counts == {"rows": 12, "ready": 2, "with_errors": 10}
    errors = errors_by_line(job)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert errors[3] == [("Email", "Enter a valid email address.")]
    assert errors[4][0][0] == "Category"
    assert "Astronaut" in errors[4][0][1]
    assert ("First name", "This field is required.") in errors[5]
    assert any(column == "Country" and "Atlantis" in message for column, message in errors[5])
    assert errors[6] == [("Email", "This email address is already registered for this event.")]
    assert errors[7] == [("Email", "This email address is already on line 2 of the file.")]
    assert errors[8][0][0] == "Attending the dinner"
    assert errors[9] == [("Attending the dinner", "This question needs an answer.")]
    assert errors[10] == [("Delegation", "No delegation has this joining code.")]
    assert errors[11][0][0] == "Language"
    assert errors[12][0][0] == "First name"
    assert "look-alike" in errors[12][0][1]
    after = (Registration.objects.count(), Message.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_the_errors_are_in_the_callers_language(
    api_client, summit, django_capture_on_commit_callbacks
):
    rows = [FULL_HEADER, full(1, **{"Email": "not-an-email"})]
    with django_capture_on_commit_callbacks(execute=True):
        response = api_post(
            api_client,
            summit,
            csv_bytes(rows),
            dry_run="true",
            headers={"HTTP_ACCEPT_LANGUAGE": "fr"},
        )
    job = job_of(api_client, summit, response)
    assert errors_by_line(job)[2] == [("Email", "Saisissez une adresse électronique valide.")]


# --- The apply -------------------------------------------------------------------------


def test_the_apply_registers_exactly_the_good_rows_and_writes_to_nobody_unless_asked(
    api_client, summit, django_capture_on_commit_callbacks
):
    rows = [
        FULL_HEADER,
        full(1),
        full(2, **{"Email": "not-an-email"}),
        full(3, **{"Category": "Head of delegation"}, delegation="Oman", language="Français"),
        full(4, dinner="non"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = api_post(api_client, summit, csv_bytes(rows))
    job = job_of(api_client, summit, response)

    assert job["kind"] == "registrations_import_apply"
    counts = {count["name"]: count["count"] for count in job["outcome"]["counts"]}
    assert counts == {"rows": 4, "created": 3, "failed": 1}
    assert list(errors_by_line(job)) == [3]
    made = {r.email: r for r in Registration.objects.filter(event=summit.event)}
    assert set(made) == {"person1@example.org", "person3@example.org", "person4@example.org"}
    assert made["person1@example.org"].status == Status.APPROVED  # no approval in this category
    head = made["person3@example.org"]
    assert (head.category, head.status, head.delegation, head.language) == (
        summit.heads,
        Status.PENDING,
        summit.delegation,
        "fr",
    )
    assert head.country.code == "AE"
    assert head.answers.get(question=summit.dinner).value is True
    assert made["person4@example.org"].answers.get(question=summit.dinner).value is False
    created = {row["reference"] for row in job["outcome"]["rows"] if row["outcome"] == "created"}
    assert created == {r.reference for r in made.values()}
    assert made["person1@example.org"].badges.exists()  # the badge is issued, not sent
    assert not Message.objects.exists()
    entry = AuditEntry.objects.get(action="registrations.imported")
    assert (entry.data["created"], entry.data["refused"]) == (3, 1)


def test_confirmations_are_sent_only_when_asked(
    api_client, summit, django_capture_on_commit_callbacks
):
    rows = [FULL_HEADER, full(1), full(2, **{"Category": "Head of delegation"})]
    with django_capture_on_commit_callbacks(execute=True):
        response = api_post(api_client, summit, csv_bytes(rows), send_confirmations="true")
    job_of(api_client, summit, response)
    kinds = dict(Message.objects.values_list("recipient", "kind"))
    assert kinds == {
        "person1@example.org": "registration.approved",
        "person2@example.org": "registration.received",
    }


def test_a_row_refused_at_apply_time_is_reported_and_the_others_go_on(
    summit, django_capture_on_commit_callbacks
):
    from events.audit.services import Actor
    from events.jobs.services import job_run
    from registrations.imports.jobs import import_queue

    rows = [FULL_HEADER, full(1), full(2), full(3, **{"Category": "Speaker"})]
    table = table_read(name="l.csv", content=csv_bytes(rows))
    imported = import_create(event=summit.event, name="l.csv", table=table, actor=Actor.system())
    check = import_queue(imported=imported, actor=Actor.system(), apply=False)
    job_run(job_id=check.pk)
    # Meanwhile person 2 registers through the form, and the speakers' category closes.
    RegistrationFactory(event=summit.event, email="person2@example.org", category=summit.speaker)
    summit.speaker.capacity = 0
    summit.speaker.allows_waitlist = False
    summit.speaker.save()
    job = import_queue(imported=imported, actor=Actor.system(), apply=True)
    job = job_run(job_id=job.pk)

    assert job.status == JobStatus.DONE
    assert job.outcome["counts"] == {"rows": 3, "created": 1, "failed": 2}
    failed = {
        row["line"]: row["error"] for row in job.outcome["rows"] if row["outcome"] == "failed"
    }
    assert failed == {
        3: "Email: This email address is already registered for this event.",
        4: "Sorry, this category is full and has no waiting list.",
    }
    # Run again (a redelivered job): the row it made is not made twice, nor refused.
    lost = timezone.now() - timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, updated_at=lost)
    again = job_run(job_id=job.pk)
    assert again.outcome["counts"]["created"] == 1
    assert Registration.objects.filter(email="person1@example.org").count() == 1


# --- The pages -------------------------------------------------------------------------


@pytest.fixture
def officer(client, summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)
    return client


def test_an_officer_uploads_maps_checks_fixes_and_imports_on_the_pages(
    officer, summit, django_capture_on_commit_callbacks
):
    index = reverse("manage_registrations:import", kwargs={"slug": summit.event.slug})
    bad = xlsx([FULL_HEADER, full(1), full(2, **{"Email": "nope"})])
    response = officer.post(index, {"file": SimpleUploadedFile("list.xlsx", bad)})
    imported = RegistrationImport.objects.get()
    detail = reverse(
        "manage_registrations:import-detail",
        kwargs={"slug": summit.event.slug, "import_id": imported.pk},
    )
    assert response.url == detail
    page = officer.get(detail).content.decode()
    assert '<option value="email" selected>' in page
    assert "First row: person1@example.org" in page

    mapping = {f"column_{p}": name for p, name in imported.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(detail, {**mapping, "consent": "on", "action": "check"})
    assert response.status_code == 302
    page = officer.get(detail).content.decode()
    assert "1 of the 2 rows have errors; nothing was written." in page
    assert "Enter a valid email address." in page
    assert "Import the 1 row without errors" in page
    assert not Registration.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(detail, {**mapping, "consent": "on", "action": "apply"})
    job = Job.objects.get(kind="registrations_import_apply")
    assert response.url == reverse(
        "manage:job", kwargs={"slug": summit.event.slug, "job_id": job.pk}
    )
    assert list(Registration.objects.values_list("email", flat=True)) == ["person1@example.org"]
    listing = officer.get(reverse("manage_registrations:index", kwargs={"slug": summit.event.slug}))
    assert "Haddad1" in listing.content.decode()


def test_the_page_refuses_a_bad_file_and_a_missing_consent(officer, summit):
    index = reverse("manage_registrations:import", kwargs={"slug": summit.event.slug})
    response = officer.post(index, {"file": SimpleUploadedFile("list.docx", b"hello")})
    assert response.status_code == 400
    assert "Upload a CSV file or an Excel workbook (.xlsx)." in response.content.decode()
    officer.post(index, {"file": SimpleUploadedFile("l.csv", csv_bytes([HEADER, person(1)]))})
    imported = RegistrationImport.objects.get()
    detail = reverse(
        "manage_registrations:import-detail",
        kwargs={"slug": summit.event.slug, "import_id": imported.pk},
    )
    response = officer.post(detail, {"column_3": "email", "action": "check"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Confirm that these people agreed, or import nobody." in page
    assert not Job.objects.exists()


def test_the_page_speaks_the_officers_language(officer, summit):
    index = reverse("manage_registrations:import", kwargs={"slug": summit.event.slug})
    response = officer.post(
        index, {"file": SimpleUploadedFile("l.csv", b"")}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    assert "Le fichier soumis est vide." in response.content.decode()


def test_another_events_import_is_not_found(officer, summit):
    from tests.factories import EventFactory

    other = EventFactory()
    table = table_read(name="l.csv", content=csv_bytes([HEADER, person(1)]))
    from events.audit.services import Actor

    imported = import_create(event=other, name="l.csv", table=table, actor=Actor.system())
    url = reverse(
        "manage_registrations:import-detail",
        kwargs={"slug": summit.event.slug, "import_id": imported.pk},
    )
    assert officer.get(url).status_code == 404


def test_the_api_refuses_a_bad_file_or_a_missing_consent_naming_the_field(api_client, summit):
    response = api_post(api_client, summit, b"%PDF-1.4", name="list.pdf")
    assert response.status_code == 400
    assert response.json() == {"file": ["Upload a CSV file or an Excel workbook (.xlsx)."]}
    response = api_post(api_client, summit, csv_bytes([HEADER, person(1)]), consent="false")
    assert response.status_code == 400
    assert response.json() == {"consent": ["Confirm that these people agreed, or import nobody."]}
    assert not RegistrationImport.objects.exists()


def test_a_checkin_token_may_not_import(api_client, summit):
    response = api_post(api_client, summit, csv_bytes([HEADER, person(1)]), role=Role.CHECKIN)
    assert response.status_code == 403
    assert not RegistrationImport.objects.exists()


def test_an_import_registers_outside_the_public_registration_window(summit):
    from events.audit.services import Actor
    from events.jobs.services import job_run
    from registrations.imports.jobs import import_queue

    summit.event.registration_closes_at = timezone.now() - timedelta(hours=1)
    summit.event.save()
    table = table_read(name="l.csv", content=csv_bytes([FULL_HEADER, full(1)]))
    imported = import_create(event=summit.event, name="l.csv", table=table, actor=Actor.system())
    job = job_run(job_id=import_queue(imported=imported, actor=Actor.system(), apply=True).pk)
    assert job.outcome["counts"] == {"rows": 1, "created": 1, "failed": 0}
    assert summit.event.registration_state() == "closed"
