"""Messages to chosen registrants: the page and `POST /api/v1/events/<slug>/mailings/`."""

import pytest
from django.core import mail

from events.jobs.models import Job
from events.jobs.services import job_run
from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.dispatch import messages_dispatch_due
from notifications.models import Message
from registrations.mailings.models import Mailing, MailingRecipient
from registrations.registration.models import Question, QuestionOption, Status
from tests.factories import CategoryFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import approved, make_summit

pytestmark = pytest.mark.django_db

BODY = {
    "en": "Dear {title} {last_name},\nYour reference is {reference}: {personal_link}",
    "fr": "{title} {last_name},\nVotre référence est {reference} : {personal_link}",
}
SUBJECT = {"en": "Briefing for heads of delegation", "fr": "Réunion des chefs de délégation"}


@pytest.fixture
def summit(api_client):
    """Heads of delegation: two approved not checked in (one French), one checked in, one
    pending; and an approved delegate."""
    summit = make_summit()
    summit.event.languages = ["en", "ar", "fr"]
    summit.event.save()
    heads = CategoryFactory(event=summit.event, slug="head-of-delegation", name={"en": "Head"})
    heads.zones.set([summit.plenary])
    summit.heads = heads
    summit.absent_en = approved(summit, category=heads, title="he", last_name="Haddad")[0]
    summit.absent_fr = approved(
        summit, category=heads, title="ms", last_name="Martin", language="fr"
    )[0]
    _inside, code = approved(summit, category=heads, last_name="Inside")
    response = api_client.post(
        summit.url(), {"code": code}, format="json", **summit.bearer(Role.CHECKIN)
    )
    assert response.json()["result"] == "accepted"
    RegistrationFactory(event=summit.event, category=heads, status=Status.PENDING)
    approved(summit)  # a delegate
    return summit


FILTERS = {"status": "approved", "category": "head-of-delegation", "checked_in": "no"}


def post(api_client, summit, role=Role.ACCREDITATION, **body):
    return api_client.post(
        summit.url("mailings/"),
        {"filters": FILTERS, "subject": SUBJECT, "body": BODY, **body},
        format="json",
        **summit.bearer(role),
    )


def test_a_mailing_reaches_exactly_the_filtered_registrants_in_their_language(
    api_client, summit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api_client, summit)

    assert response.status_code == 202, response.json()
    assert response["Location"] == response.json()["url"]
    messages = {m.recipient: m for m in Message.objects.filter(kind="mailing")}
    assert set(messages) == {summit.absent_en.email, summit.absent_fr.email}
    english, french = messages[summit.absent_en.email], messages[summit.absent_fr.email]
    assert english.subject == SUBJECT["en"]
    assert english.body_text.startswith("Dear H.E. Haddad,\nYour reference is ")
    assert summit.absent_en.reference in english.body_text
    assert f"/me/{summit.absent_en.secret_token}/" in english.body_text
    assert (french.language, french.subject) == ("fr", SUBJECT["fr"])
    assert french.body_text.startswith("Mme Martin,\nVotre référence est ")

    counts = api_client.get(response["Location"], **summit.bearer(Role.ACCREDITATION)).json()
    assert counts["counts"]["recipients"] == 2
    assert counts["counts"]["queued"] == 2
    messages_dispatch_due()
    counts = api_client.get(response["Location"], **summit.bearer(Role.ACCREDITATION)).json()
    assert (counts["counts"]["sent"], counts["counts"]["queued"]) == (2, 0)
    delivered = sorted(message.to[0].rsplit("<", 1)[-1].rstrip(">") for message in mail.outbox)
    assert delivered == sorted(messages)


def test_a_job_run_again_writes_to_nobody_twice(
    api_client, summit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(api_client, summit)
    job = Job.objects.get(kind="mailing_send")
    Job.objects.filter(pk=job.pk).update(status="queued")

    job_run(job_id=job.pk)

    assert Message.objects.filter(kind="mailing").count() == 2
    assert MailingRecipient.objects.count() == 2


def test_a_mailing_follows_a_questions_answer(
    api_client, summit, django_capture_on_commit_callbacks
):
    question = Question.objects.create(
        event=summit.event, label={"en": "Dinner?"}, kind=Question.Kind.YES_NO
    )
    summit.absent_fr.answers.create(question=question, value=True)
    summit.absent_en.answers.create(question=question, value=False)
    filters = {**FILTERS, "question": str(question.pk), "answer": "yes"}

    with django_capture_on_commit_callbacks(execute=True):
        response = post(api_client, summit, filters=filters)

    assert response.status_code == 202, response.json()
    assert list(Message.objects.filter(kind="mailing").values_list("recipient", flat=True)) == [
        summit.absent_fr.email
    ]


def test_a_choice_answer_filters_multiple_choice_questions_too(summit):
    from registrations.mailings.recipients import filters_clean, mailing_recipients

    question = Question.objects.create(
        event=summit.event, label={"en": "Topics"}, kind=Question.Kind.MULTIPLE
    )
    for value in ("cyber", "cybercrime"):
        QuestionOption.objects.create(question=question, value=value, label={"en": value})
    summit.absent_fr.answers.create(question=question, value=["cybercrime"])
    summit.absent_en.answers.create(question=question, value=["cyber", "borders"])
    filters = filters_clean(
        event=summit.event, filters={"question": str(question.pk), "answer": "cyber"}
    )

    assert list(mailing_recipients(event=summit.event, filters=filters)) == [summit.absent_en]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"body": {"en": "Dear {firstname}"}}, "body", "Unknown placeholder: {firstname}"),
        ({"body": {"en": "Dear {first_name"}}, "body", "A brace is not closed"),
        ({"subject": {"fr": "Bonjour"}}, "subject", "the event's main language"),
        ({"subject": {"en": "Hi", "es": "Hola"}}, "subject", "does not offer: es"),
        ({"filters": {"status": "happy"}}, "filters", "Unknown status."),
        ({"filters": {"category": "nobody"}}, "filters", "no such category"),
        ({"filters": {"language": "es"}}, "filters", "does not offer this language"),
        ({"filters": {"country": "XX"}}, "filters", "Unknown country code."),
        ({"filters": {"answer": "yes"}}, "filters", "Choose the question first."),
        ({"filters": {"question": "999"}}, "filters", "no such question"),
        ({"filters": {"colour": "red"}}, "filters", "Unknown filter."),
        ({"filters": {"status": "cancelled"}}, "filters", "No registrant matches"),
    ],
)
def test_a_bad_mailing_is_refused_by_field_and_nothing_is_sent(
    api_client, summit, body, field, words
):
    response = post(api_client, summit, **body)

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field], errors
    assert words in str(errors[field])
    assert not Mailing.objects.exists()
    assert not Message.objects.filter(kind="mailing").exists()


def test_only_officers_write_to_registrants(api_client, summit):
    assert post(api_client, summit, role=Role.CHECKIN).status_code == 403
    assert post(api_client, summit, role=Role.PROGRAMME).status_code == 403
    assert api_client.post(summit.url("mailings/"), {}, format="json").status_code == 401


@pytest.fixture
def officer(client, summit):
    user = UserFactory()
    team_member_add(event=summit.event, user=user, role=Role.ACCREDITATION)
    client.force_login(user)
    return client


def form(**changes):
    data = {
        **FILTERS,
        "subject_en": SUBJECT["en"],
        "subject_fr": SUBJECT["fr"],
        "body_en": BODY["en"],
        "body_fr": BODY["fr"],
    }
    return {**data, **changes}


def test_the_page_previews_for_one_recipient_then_sends(
    officer, summit, django_capture_on_commit_callbacks
):
    page = officer.post(
        "/manage/unity/mailings/",
        form(preview="", preview_reference=summit.absent_fr.reference),
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "This mailing reaches 2 registrants." in html
    assert "Mme Martin," in html
    assert not Mailing.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = officer.post("/manage/unity/mailings/", form(send=""))

    mailing = Mailing.objects.get()
    assert sent["Location"] == f"/manage/unity/mailings/{mailing.pk}/"
    detail = officer.get(sent["Location"]).content.decode()
    assert summit.absent_en.reference in detail
    assert summit.absent_fr.reference in detail
    assert "Queued" in detail


def test_the_page_names_the_field_at_fault(officer, summit):
    page = officer.post("/manage/unity/mailings/", form(body_en="Dear {name}", send=""))

    assert page.status_code == 400
    assert "Unknown placeholder: {name}" in page.content.decode()
    assert not Mailing.objects.exists()
