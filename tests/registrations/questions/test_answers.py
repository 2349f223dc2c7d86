"""Answers: asked per category and validated on the public form, kept (files privately),
shown on the officer's page, in the CSV export and in the registrations API."""

import csv
import io

import pytest
from django import forms
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from events.audit.models import AuditEntry
from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.questions.files import MAX_ANSWER_FILE_BYTES
from registrations.registration.models import Answer, Question, Registration
from tests.events.jobs.running import page_job_file
from tests.factories import CategoryFactory, EventFactory, RegistrationFactory, UserFactory
from tests.registrations.questions.fixtures import (
    PDF,
    PNG,
    answered,
    choice_question,
    text_question,
)

pytestmark = pytest.mark.django_db

REGISTER = "/e/unity/register/"


@pytest.fixture
def event():
    event = EventFactory(
        slug="unity", name={"en": "Unity", "ar": "الاتحاد"}, languages=["en", "ar"]
    )
    CategoryFactory(event=event, slug="delegate", name={"en": "Delegate", "ar": "مندوب"})
    CategoryFactory(event=event, slug="press", name={"en": "Press", "ar": "صحافة"})
    return event


def form_data(**overrides):
    return {
        "category": "delegate",
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "amina@example.org",
        "organization": "Ministry",
        "job_title": "Minister",
        "country": "AE",
        "language": "en",
        "consent": "on",
        **overrides,
    }


def file_question(event, **fields):
    return text_question(event, label="Your passport scan", kind=Question.Kind.FILE, **fields)


def upload(content=PDF, name="passport.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- The public form ----------------------------------------------------------------------


def test_long_text_is_a_text_area_and_a_file_an_upload(client, event):
    long = text_question(event, label="Your biography", kind=Question.Kind.LONG_TEXT)
    short = text_question(event, label="Your nickname", position=1)
    document = file_question(event, position=2)

    page = client.get(REGISTER).content.decode()

    assert f'<textarea name="q{long.pk}"' in page
    assert f'<input type="text" name="q{short.pk}"' in page
    assert f'type="file" name="q{document.pk}"' in page
    assert 'accept="application/pdf,image/jpeg,image/png"' in page
    assert "PDF, JPEG or PNG, up to 5 MB." in page


def test_a_file_answer_is_stored_privately_with_its_name_and_size(client, event, settings):
    document = file_question(event, required=True)

    response = client.post(REGISTER, {**form_data(), f"q{document.pk}": upload()})

    assert response.status_code == 302
    value = Answer.objects.get(question=document).value
    assert value["original_name"] == "passport.pdf"
    assert value["size"] == len(PDF)
    assert value["content_type"] == "application/pdf"
    assert value["name"].startswith(f"answers/{event.pk}/")
    assert value["name"].endswith(".pdf")
    assert "passport" not in value["name"]
    with default_storage.open(value["name"], "rb") as stored:
        assert stored.read() == PDF
    # Not served at a media address: only the officers' view reads it.
    for prefix in ("/media/", "/", f"/{settings.MEDIA_URL.strip('/')}/"):
        assert client.get(prefix + value["name"]).status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not a document", "passport.pdf", "The file must be a PDF, JPEG or PNG file."),
        (
            b"<html><script>alert(1)</script>",
            "scan.png",
            "The file must be a PDF, JPEG or PNG file.",
        ),
        (PDF + b"\x00" * MAX_ANSWER_FILE_BYTES, "big.pdf", "The file must be 5 MB or smaller."),
    ],
)
def test_a_file_is_checked_by_its_content_and_size(client, event, content, name, message):
    document = file_question(event)

    response = client.post(REGISTER, {**form_data(), f"q{document.pk}": upload(content, name)})

    page = response.content.decode()
    assert response.status_code == 400
    assert f'<p class="error" id="id_q{document.pk}-error">{message}</p>' in page
    assert not Registration.objects.exists()
    assert (
        not default_storage.exists(f"answers/{event.pk}")
        or not default_storage.listdir(f"answers/{event.pk}")[1]
    )


def test_a_questions_help_text_shows_in_the_readers_language_with_its_categories(client, event):
    question = text_question(
        event, help_text={"en": "As on your passport.", "ar": "كما في جواز سفرك."}
    )
    question.categories.set(event.categories.filter(slug="press"))

    english = client.get(REGISTER).content.decode()
    arabic = client.get(REGISTER, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert (
        f'<p class="help" id="id_q{question.pk}-help">As on your passport. Only for: Press</p>'
        in english
    )
    assert "كما في جواز سفرك." in arabic


def test_a_png_answer_is_accepted(client, event):
    document = file_question(event)

    client.post(REGISTER, {**form_data(), f"q{document.pk}": upload(PNG, "badge.png", "image/png")})

    assert Answer.objects.get(question=document).value["content_type"] == "image/png"


def test_a_file_of_a_refused_registration_is_not_kept(client, event):
    document = file_question(event)
    RegistrationFactory(event=event, email="amina@example.org")

    client.post(REGISTER, {**form_data(), f"q{document.pk}": upload()})

    assert not default_storage.exists(f"answers/{event.pk}") or default_storage.listdir(
        f"answers/{event.pk}"
    ) == ([], [])


def test_errors_on_several_answers_show_at_once_in_the_registrants_language(client, event):
    document = file_question(event)
    day = text_question(event, label="Arrival day", kind=Question.Kind.DATE, position=1)
    pick = choice_question(event, position=2, required=True)

    response = client.post(
        REGISTER,
        {
            **form_data(),
            f"q{document.pk}": upload(b"not a pdf"),
            f"q{day.pk}": "31/02/2026",
            "language": "ar",
        },
        HTTP_ACCEPT_LANGUAGE="ar",
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="ar" dir="rtl">' in page
    with translation.override("ar"):
        not_a_date = str(forms.DateField.default_error_messages["invalid"])
        not_a_document = gettext("The file must be a PDF, JPEG or PNG file.")
        needed = gettext("This question needs an answer.")
    assert not_a_date != "Enter a valid date."
    assert f'<p class="error" id="id_q{day.pk}-error">{not_a_date}</p>' in page
    assert f'<p class="error" id="id_q{document.pk}-error">{not_a_document}</p>' in page
    # The required choice is the service's check, once the form's own are passed.
    assert f'id="id_q{pick.pk}-error"' not in page
    fixed = client.post(REGISTER, {**form_data(), "language": "ar"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert f'<p class="error" id="id_q{pick.pk}-error">{needed}</p>' in fixed.content.decode()


def test_a_choice_that_is_no_option_is_refused(client, event):
    pick = choice_question(event)

    response = client.post(REGISTER, {**form_data(), f"q{pick.pk}": "bribery"})

    assert response.status_code == 400
    assert f'id="id_q{pick.pk}-error"' in response.content.decode()


def test_only_the_chosen_categorys_questions_are_asked(client, event):
    press_only = text_question(event, label="Your outlet", required=True)
    press_only.categories.set(event.categories.filter(slug="press"))

    unanswered = client.post(REGISTER, form_data())
    assert unanswered.status_code == 302
    assert not Answer.objects.exists()

    refused = client.post(
        REGISTER, {**form_data(email="b@example.org"), f"q{press_only.pk}": "Daily"}
    )
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "This question is not asked of the category you chose." in page
    assert f'id="id_q{press_only.pk}-error"' in page

    missing = client.post(REGISTER, form_data(email="c@example.org", category="press"))
    assert missing.status_code == 400
    assert "This question needs an answer." in missing.content.decode()


def test_a_long_text_over_its_limit_is_refused(client, event):
    essay = text_question(event, kind=Question.Kind.LONG_TEXT)

    response = client.post(REGISTER, {**form_data(), f"q{essay.pk}": "x" * 10001})

    assert response.status_code == 400
    assert "10000 characters" in response.content.decode() or "10,000" in response.content.decode()


def test_the_api_refuses_a_file_answer_it_cannot_carry(api_client, event):
    document = file_question(event)
    essay = text_question(event, kind=Question.Kind.LONG_TEXT, position=1)

    response = api_client.post(
        "/api/v1/events/unity/registrations/",
        {
            **form_data(consent=True),
            "answers": {str(document.pk): "passport.pdf", str(essay.pk): "A long story"},
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {f"q{document.pk}": ["Upload a PDF, JPEG or PNG file."]}


@pytest.mark.parametrize(
    ("value", "message"),
    [(["a", "list"], "Enter the answer as text."), ({"x": 1}, "Enter the answer as text.")],
)
def test_the_api_refuses_a_text_answer_that_is_not_text(api_client, event, value, message):
    essay = text_question(event, kind=Question.Kind.LONG_TEXT)

    response = api_client.post(
        "/api/v1/events/unity/registrations/",
        {**form_data(consent=True), "answers": {str(essay.pk): value}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {f"q{essay.pk}": [message]}


# --- What officers see --------------------------------------------------------------------


def registered_with_answers(client, event):
    pick = choice_question(event)
    agree = text_question(event, label="Photos allowed?", kind=Question.Kind.YES_NO, position=1)
    document = file_question(event, position=2)
    client.post(
        REGISTER,
        {
            **form_data(),
            f"q{pick.pk}": "trade",
            f"q{agree.pk}": "yes",
            f"q{document.pk}": upload(),
        },
    )
    client.logout()
    return Registration.objects.get(), pick, agree, document


def test_the_registrations_page_shows_the_answers_and_links_the_file(client, event):
    registration, _pick, _agree, document = registered_with_answers(client, event)
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)

    page = client.get(f"/manage/unity/registrations/{registration.reference}/").content.decode()
    download = client.get(
        f"/manage/unity/registrations/{registration.reference}/answers/{document.pk}/file/"
    )

    assert "<dt>Which workshop?</dt><dd>Trade</dd>" in page
    assert "<dt>Photos allowed?</dt><dd>Yes</dd>" in page
    assert f'answers/{document.pk}/file/" download>passport.pdf (' in page
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        f'attachment; filename="{registration.reference}-q{document.pk}.pdf"'
    )
    assert download["Cache-Control"] == "private, no-store"
    assert download["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.get(action="answer_file.viewed")
    assert entry.data == {"question": document.pk}


def test_a_file_is_only_for_the_events_officers(client, event):
    registration, pick, _agree, document = registered_with_answers(client, event)
    address = f"/manage/unity/registrations/{registration.reference}/answers/{document.pk}/file/"
    assert client.get(address).status_code == 302  # signed out
    for role, status in ((Role.CHECKIN, 403), (Role.PROGRAMME, 403), (Role.ADMIN, 200)):
        user = UserFactory()
        team_member_add(event=event, user=user, role=role)
        client.force_login(user)
        assert client.get(address).status_code == status, role
    # Not a file answer, or none: 404.
    missing = f"/manage/unity/registrations/{registration.reference}/answers/{pick.pk}/file/"
    assert client.get(missing).status_code == 404


def test_erasing_a_registration_removes_its_files(client, event):
    from django.test import TestCase

    from events.audit.services import Actor
    from registrations.privacy.services import registration_erase_personal_data

    registration, _pick, _agree, document = registered_with_answers(client, event)
    name = Answer.objects.get(question=document).value["name"]

    with TestCase.captureOnCommitCallbacks(execute=True):
        registration_erase_personal_data(registration_id=registration.pk, actor=Actor.system())

    assert not default_storage.exists(name)
    assert not Answer.objects.filter(registration=registration).exists()


def test_the_csv_export_has_a_column_per_question_in_the_officers_language(client, event):
    registration, *_questions = registered_with_answers(client, event)
    RegistrationFactory(event=event, email="other@example.org")
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)
    client.cookies["django_language"] = "ar"

    content = page_job_file(
        client, "/manage/unity/registrations/export.csv", method="post", data={}
    ).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content)))
    header = rows[0]
    assert header[-3:] == ["أي ورشة؟", "Photos allowed?", "Your passport scan"]
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    answers = by_reference[registration.reference]
    assert answers["أي ورشة؟"] == "التجارة"
    assert answers["Photos allowed?"] == "نعم"
    assert answers["Your passport scan"].startswith("passport.pdf (")
    other = [row for reference, row in by_reference.items() if reference != registration.reference]
    assert other[0]["أي ورشة؟"] == ""


def test_the_registrations_api_gives_the_answers_keyed_by_question_id(client, api_client, event):
    from events.tokens.services import api_token_issue

    registration, pick, agree, document = registered_with_answers(client, event)
    token = api_token_issue(event=event, role=Role.ACCREDITATION, label="crm")[1]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    one = api_client.get(f"/api/v1/events/unity/registrations/{registration.reference}/").json()
    listed = api_client.get("/api/v1/events/unity/registrations/").json()["results"][0]

    assert one["answers"] == {
        str(pick.pk): {
            "kind": "choice",
            "question": "Which workshop?",
            "value": "trade",
            "text": "Trade",
        },
        str(agree.pk): {
            "kind": "yes_no",
            "question": "Photos allowed?",
            "value": True,
            "text": "Yes",
        },
        str(document.pk): {
            "kind": "file",
            "question": "Your passport scan",
            "value": {
                "original_name": "passport.pdf",
                "size": len(PDF),
                "content_type": "application/pdf",
            },
            "text": one["answers"][str(document.pk)]["text"],
        },
    }
    assert "name" not in one["answers"][str(document.pk)]["value"]
    assert listed["answers"] == one["answers"]


def test_answers_of_another_registration_are_not_mixed_in(api_client, event):
    from events.tokens.services import api_token_issue

    question = text_question(event)
    mine = answered(question, "Mine")
    answered(question, "Theirs")
    token = api_token_issue(event=event, role=Role.ACCREDITATION, label="crm")[1]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    body = api_client.get(
        f"/api/v1/events/unity/registrations/{mine.registration.reference}/"
    ).json()

    assert body["answers"][str(question.pk)]["value"] == "Mine"


def test_an_answer_to_a_made_up_question_id_is_refused_naming_it(api_client, event):
    response = api_client.post(
        "/api/v1/events/unity/registrations/",
        {**form_data(consent=True), "answers": {"99999999999999999999999": "x", "0": "y"}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "answers": ["No such question for this category: 0, 99999999999999999999999."]
    }
