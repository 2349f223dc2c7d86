"""The public form, the registrant's page, lost link, and the accreditation pages."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.audit.models import AuditEntry
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.models import Message
from registrations.registration.models import Question, QuestionOption, Registration
from registrations.registration.workflow import (
    OFFICER_DECISIONS,
    Action,
    registration_allowed_actions,
)
from tests.events.jobs.running import page_job_file
from tests.factories import CategoryFactory, EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(slug="unity", name={"en": "Unity", "ar": "الاتحاد"})
    CategoryFactory(event=event, slug="delegate", name={"en": "Delegate", "ar": "مندوب"})
    CategoryFactory(event=event, slug="staff", name={"en": "Security staff"}, is_public=False)
    return event


def form_data(**overrides):
    return {
        "category": "delegate",
        "title": "he",
        "first_name": "Amina",
        "last_name": "Haddad",
        "name_ar": "أمينة حداد",
        "email": "amina@example.org",
        "organization": "Ministry",
        "job_title": "Minister",
        "country": "AE",
        "language": "ar",
        "consent": "on",
        **overrides,
    }


def jpeg_bytes(size=(40, 40), exif=True) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    if exif:
        exif_data = Image.Exif()
        exif_data[0x010F] = "SpyCam Inc."  # camera maker
        image.save(buffer, format="JPEG", exif=exif_data)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def test_the_form_shows_only_public_categories(client, event):
    page = client.get("/e/unity/register/").content.decode()

    assert "Delegate" in page
    assert "Security staff" not in page
    assert 'for="id_first_name"' in page


def test_a_delegate_registers_on_the_form_and_is_told_to_check_their_inbox(client, event):
    response = client.post("/e/unity/register/", form_data(), follow=True)

    registration = Registration.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check your inbox" in page
    assert "amina@example.org" in page
    assert registration.reference not in page
    assert registration.name_ar == "أمينة حداد"
    assert registration.title == "he"
    received = Message.objects.get(kind="registration.received", language="ar")
    assert registration.reference in received.body_text


def test_errors_are_summarised_linked_and_values_kept(client, event):
    response = client.post(
        "/e/unity/register/", form_data(email="nope", consent="", first_name="Amina")
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert 'href="#id_email"' in page
    assert 'href="#id_consent"' in page
    assert 'value="Amina"' in page
    assert Registration.objects.count() == 0


def test_the_form_speaks_arabic_right_to_left(client, event):
    page = client.get("/e/unity/register/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert 'dir="rtl"' in page
    assert "مندوب" in page


def test_a_registered_address_on_the_form_gets_the_same_page_and_an_email(client, event):
    first = client.post("/e/unity/register/", form_data(), follow=True).content.decode()

    again = client.post(
        "/e/unity/register/", form_data(email="AMINA@example.org", first_name="Other"), follow=True
    )

    assert again.status_code == 200
    assert _main(again.content.decode()).replace("AMINA@example.org", "amina@example.org") == (
        _main(first)
    )
    assert Registration.objects.count() == 1
    told = Message.objects.get(kind="registration.already_registered")
    assert Registration.objects.get().get_absolute_url() in told.body_text


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_the_inbox_page_needs_a_form_sent_from_this_browser(client, event):
    response = client.get("/e/unity/register/done/")

    assert response.status_code == 302
    assert response["Location"] == "/e/unity/register/"


def test_a_photo_is_re_encoded_without_its_metadata(client, event, settings, tmp_path):
    photo = SimpleUploadedFile("me.jpg", jpeg_bytes(), content_type="image/jpeg")

    client.post("/e/unity/register/", {**form_data(), "photo": photo})

    registration = Registration.objects.get()
    with Image.open(registration.photo.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not an image", "must be a JPEG, PNG or WebP"),
        (b"GIF89a" + b"\x00" * 100, "must be a JPEG, PNG or WebP"),
    ],
)
def test_a_photo_that_is_not_an_image_is_refused(client, event, content, message):
    photo = SimpleUploadedFile("me.jpg", content, content_type="image/jpeg")

    response = client.post("/e/unity/register/", {**form_data(), "photo": photo})

    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_a_polyglot_photo_keeps_only_its_pixels(client, event):
    polyglot = jpeg_bytes(exif=False) + b"<script>alert(1)</script>PK\x03\x04zipdata"
    photo = SimpleUploadedFile("me.jpg", polyglot, content_type="image/jpeg")

    client.post("/e/unity/register/", {**form_data(), "photo": photo})

    stored = Registration.objects.get().photo.read()
    assert b"<script>" not in stored
    assert b"PK\x03\x04" not in stored


def test_a_photo_over_five_megabytes_is_refused(client, event, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    big = jpeg_bytes() + b"\x00" * (5 * 1024 * 1024)
    photo = SimpleUploadedFile("me.jpg", big, content_type="image/jpeg")

    response = client.post("/e/unity/register/", {**form_data(), "photo": photo})

    assert response.status_code == 400
    assert "5 MB" in response.content.decode()


def test_organizer_questions_are_asked_and_required_per_category(client, event):
    question = Question.objects.create(
        event=event, label={"en": "Which workshop?"}, kind=Question.Kind.CHOICE, required=True
    )
    QuestionOption.objects.create(question=question, value="cyber", label={"en": "Cybercrime"})

    missing = client.post("/e/unity/register/", form_data())
    assert missing.status_code == 400
    assert "needs an answer" in missing.content.decode()

    client.post("/e/unity/register/", {**form_data(), f"q{question.pk}": "cyber"})
    assert Registration.objects.get().answers.get().value == "cyber"


def test_names_with_html_are_escaped_on_pages(client, event):
    registration = RegistrationFactory(event=event, first_name="<script>alert(1)</script>")

    page = client.get(f"/me/{registration.secret_token}/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


class TestRegistrantPage:
    def test_shows_status_and_next_steps(self, client, event):
        registration = RegistrationFactory(event=event, status="pending")

        page = client.get(f"/me/{registration.secret_token}/").content.decode()

        assert registration.reference in page
        assert "reviewing your registration" in page

    @pytest.mark.parametrize("token_kind", ["other", "truncated", "reference", "random"])
    def test_wrong_tokens_are_not_found_alike(self, client, event, token_kind):
        registration = RegistrationFactory(event=event)
        other = RegistrationFactory(event=event)
        token = {
            "other": other.secret_token[:-1] + ("A" if other.secret_token[-1] != "A" else "B"),
            "truncated": registration.secret_token[:20],
            "reference": registration.reference,
            "random": "x" * 43,
        }[token_kind]

        assert client.get(f"/me/{token}/").status_code == 404

    def test_edits_while_pending(self, client, event):
        registration = RegistrationFactory(event=event, status="pending")
        data = {
            "title": "dr",
            "first_name": "Amina",
            "last_name": "Haddad",
            "name_ar": "",
            "phone": "",
            "organization": "New Ministry",
            "job_title": "Minister",
            "country": "JO",
            "language": "en",
            "dietary_needs": "Vegetarian",
            "accessibility_needs": "",
        }

        client.post(f"/me/{registration.secret_token}/", data)

        registration.refresh_from_db()
        assert registration.organization == "New Ministry"
        assert registration.country.code == "JO"
        assert AuditEntry.objects.filter(action="registration.edited").exists()

    @pytest.mark.parametrize(
        ("status", "editable", "cancellable"),
        [
            ("pending", True, True),
            ("waitlisted", False, True),
            ("vetting", False, False),
            ("approved", False, True),
            ("rejected", False, False),
            ("cancelled", False, False),
            ("revoked", False, False),
        ],
    )
    def test_offers_editing_and_cancelling_as_the_workflow_allows(
        self, client, event, status, editable, cancellable
    ):
        registration = RegistrationFactory(event=event, status=status)

        page = client.get(f"/me/{registration.secret_token}/").content.decode()

        assert ("Save changes" in page) == editable
        assert (f"/me/{registration.secret_token}/cancel/" in page) == cancellable

    def test_cancel(self, client, event):
        registration = RegistrationFactory(event=event, status="approved")

        unconfirmed = client.post(f"/me/{registration.secret_token}/cancel/")
        registration.refresh_from_db()
        assert registration.status == "approved"
        assert "Your badge stops working at the doors." in unconfirmed.content.decode()

        client.post(f"/me/{registration.secret_token}/cancel/", {"confirm": "yes"})

        registration.refresh_from_db()
        assert registration.status == "cancelled"


def test_lost_link_answers_the_same_for_known_and_unknown_addresses(client, event):
    registration = RegistrationFactory(event=event, email="known@example.org")

    known = client.post("/e/unity/lost-link/", {"email": "KNOWN@example.org"}, follow=True)
    unknown = client.post("/e/unity/lost-link/", {"email": "ghost@example.org"}, follow=True)

    assert known.content.decode().replace("KNOWN", "") == unknown.content.decode().replace(
        "ghost", ""
    ) or ("on its way" in known.content.decode() and "on its way" in unknown.content.decode())
    link = Message.objects.get(kind="registration.link")
    assert link.recipient == "known@example.org"
    assert registration.secret_token in link.body_text


class TestAccreditationPages:
    @pytest.fixture
    def officer(self, client, event):
        user = UserFactory()
        team_member_add(event=event, user=user, role=Role.ACCREDITATION)
        client.force_login(user)
        return client

    def test_list_filters_and_search(self, officer, event):
        RegistrationFactory(event=event, last_name="Zayed", country="AE")
        RegistrationFactory(event=event, last_name="Dubois", country="FR")

        page = officer.get("/manage/unity/registrations/?country=FR").content.decode()
        assert "Dubois" in page
        assert "Zayed" not in page
        found = officer.get("/manage/unity/registrations/?search=zay").content.decode()
        assert "Zayed" in found

    def test_approve_and_reject_from_the_detail_page(self, officer, event):
        first = RegistrationFactory(event=event)
        second = RegistrationFactory(event=event)

        officer.post(f"/manage/unity/registrations/{first.reference}/approve/", {"reason": ""})
        officer.post(
            f"/manage/unity/registrations/{second.reference}/reject/",
            {"reason": "Not eligible", "reason_visible": "on", "confirm": "yes"},
        )

        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == "approved"
        assert second.status == "rejected"
        assert second.reason_visible
        history = officer.get(f"/manage/unity/registrations/{second.reference}/").content.decode()
        assert "Not eligible" in history

    def test_bulk_approve(self, officer, event):
        registrations = RegistrationFactory.create_batch(3, event=event)

        officer.post(
            "/manage/unity/registrations/bulk-approve/",
            {"reference": [r.reference for r in registrations]},
        )

        assert Registration.objects.filter(status="approved").count() == 3

    def test_csv_export_neutralizes_formulas_and_keeps_arabic(self, officer, event):
        RegistrationFactory(
            event=event,
            first_name='=HYPERLINK("http://evil")',
            last_name="+1",
            name_ar="أمينة",
            organization="@SUM(A1)",
            job_title="-2",
        )

        content = page_job_file(officer, "/manage/unity/registrations/export.csv", method="post")

        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        header, row = rows[0], rows[1]
        values = dict(zip(header, row, strict=True))
        assert values["First name"] == '\'=HYPERLINK("http://evil")'
        assert values["Last name"] == "'+1"
        assert values["Organization"] == "'@SUM(A1)"
        assert values["Job title"] == "'-2"
        assert values["Name (Arabic)"] == "أمينة"
        assert AuditEntry.objects.filter(action="registrations.exported").exists()

    def test_the_export_is_a_button_and_a_followed_link_starts_nothing(self, officer, event):
        RegistrationFactory(event=event, status="approved", last_name="Approvedson")
        RegistrationFactory(event=event, status="pending", last_name="Pendingham")

        followed = officer.get("/manage/unity/registrations/export.csv?status=approved")
        listing = officer.get(followed["Location"]).content.decode()
        content = page_job_file(
            officer, "/manage/unity/registrations/export.csv", {"status": "approved"}, method="post"
        ).decode("utf-8-sig")

        assert followed.status_code == 302
        assert followed["Location"] == "/manage/unity/registrations/?status=approved"
        assert 'action="/manage/unity/registrations/export.csv"' in listing
        assert '<input type="hidden" name="status" value="approved">' in listing
        assert "Approvedson" in content
        assert "Pendingham" not in content
        assert AuditEntry.objects.filter(action="registrations.exported").count() == 1

    @pytest.mark.parametrize(
        ("status", "vetting_state"),
        [
            ("pending", ""),
            ("waitlisted", ""),
            ("vetting", "submitted"),
            ("approved", ""),
            ("approved", "cleared"),
            ("rejected", ""),
            ("cancelled", ""),
            ("revoked", "withdrawn"),
        ],
    )
    def test_the_detail_page_offers_exactly_the_allowed_decisions(
        self, officer, event, status, vetting_state
    ):
        registration = RegistrationFactory(event=event, status=status, vetting_state=vetting_state)
        allowed = registration_allowed_actions(registration)
        base = f"/manage/unity/registrations/{registration.reference}/"

        page = officer.get(base).content.decode()

        posted = set(re.findall(rf'formaction="{re.escape(base)}([a-z-]+)/"', page))
        assert posted == {action.value for action in OFFICER_DECISIONS if action in allowed}
        badge_link = f"/manage/unity/badges/{registration.reference}/"
        assert (badge_link in page) == (Action.PRINT_BADGE in allowed)
        if not posted:
            assert "No further decision is possible" in page

    def test_the_list_lets_select_for_approval_only_who_can_be_approved(self, officer, event):
        rows = {
            status: RegistrationFactory(event=event, status=status)
            for status in ("pending", "waitlisted", "vetting", "approved", "rejected")
        }

        page = officer.get("/manage/unity/registrations/").content.decode()

        selectable = set(re.findall(r'name="reference" value="([A-Z0-9-]+)"', page))
        assert selectable == {rows["pending"].reference, rows["waitlisted"].reference}

    def test_other_roles_are_forbidden_and_anonymous_sent_to_login(self, client, event):
        user = UserFactory()
        team_member_add(event=event, user=user, role=Role.CHECKIN)

        assert client.get("/manage/unity/registrations/").status_code == 302
        client.force_login(user)
        assert client.get("/manage/unity/registrations/").status_code == 403


def test_lost_link_requests_are_throttled_per_client(client, event):
    for _ in range(10):
        client.post("/e/unity/lost-link/", {"email": "someone@example.org"})

    response = client.post("/e/unity/lost-link/", {"email": "someone@example.org"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
