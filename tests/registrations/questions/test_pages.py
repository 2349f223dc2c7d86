"""The form builder's pages: an admin lists, adds, edits, reorders and deletes questions."""

import json

import pytest

from events.audit.models import AuditEntry
from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.registration.models import Question
from tests.factories import CategoryFactory, EventFactory, UserFactory
from tests.registrations.questions.fixtures import answered, choice_question, text_question

pytestmark = pytest.mark.django_db

LIST = "/manage/unity/settings/questions/"


@pytest.fixture
def event():
    event = EventFactory(
        slug="unity", name={"en": "Unity", "ar": "الاتحاد"}, languages=["en", "ar"]
    )
    CategoryFactory(event=event, slug="delegate", name={"en": "Delegate", "ar": "مندوب"})
    CategoryFactory(event=event, slug="press", name={"en": "Press"})
    return event


@pytest.fixture
def admin(client, event):
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ADMIN)
    client.force_login(user)
    return client


def new_question(**overrides) -> dict:
    return {
        "kind": "choice",
        "label_en": "Which workshop?",
        "label_ar": "أي ورشة؟",
        "help_text_en": "Workshops are on the second day.",
        "required": "on",
        "options-TOTAL_FORMS": "3",
        "options-INITIAL_FORMS": "0",
        "options-0-value": "cyber",
        "options-0-label_en": "Cybercrime",
        "options-0-label_ar": "الجرائم الإلكترونية",
        "options-1-value": "trade",
        "options-1-label_en": "Trade",
        **overrides,
    }


def order_of(event) -> list[str]:
    return [str(q.label) for q in event.questions.order_by("position", "pk")]


def test_the_list_shows_the_questions_in_order_with_their_buttons(admin, event):
    choice_question(event, position=1).categories.set(event.categories.filter(slug="press"))
    text_question(event, label="Anything else?", position=0)

    page = admin.get(LIST).content.decode()

    assert page.index("Anything else?") < page.index("Which workshop?")
    assert "Cybercrime · Trade" in page
    assert "Every category" in page
    assert 'aria-current="page">Questions</a>' in page
    assert 'value="up"' in page
    assert 'value="down"' in page
    assert "js/questions_order.js" in page


def test_the_empty_list_says_so(admin, event):
    page = admin.get(LIST).content.decode()

    assert "asks no questions of its own yet" in page
    assert "questions_order.js" not in page


def test_an_admin_adds_a_choice_question_in_the_events_languages(admin, event):
    form = admin.get("/manage/unity/settings/questions/new/").content.decode()
    delegate = event.categories.get(slug="delegate")

    response = admin.post(
        "/manage/unity/settings/questions/new/", new_question(categories=[delegate.pk])
    )

    assert 'name="label_ar"' in form
    assert 'name="label_fr"' not in form
    assert 'name="options-0-label_ar"' in form
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.label.as_dict() == {"en": "Which workshop?", "ar": "أي ورشة؟"}
    assert question.required is True
    assert question.help_text.as_dict() == {"en": "Workshops are on the second day."}
    assert list(question.categories.all()) == [delegate]
    assert [(o.value, str(o.label)) for o in question.options.all()] == [
        ("cyber", "Cybercrime"),
        ("trade", "Trade"),
    ]
    assert "The question is saved." in admin.get(LIST).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"label_en": ""}, "Enter the English text: it is the event&#x27;s main language."),
        (
            {
                "kind": "choice",
                "options-0-value": "",
                "options-0-label_en": "",
                "options-0-label_ar": "",
                "options-1-value": "",
                "options-1-label_en": "",
            },
            "A choice question needs at least one option.",
        ),
        ({"kind": "text"}, "Only single and multiple choice questions have options."),
        ({"options-1-value": "cyber"}, "Two options have the value “cyber”."),
        ({"options-1-value": "not a slug"}, "Enter a valid “slug”"),
        ({"options-1-label_en": ""}, "Write the option&#x27;s text."),
        ({"options-2-label_en": "Energy"}, "Give the option a value."),
        ({"kind": "essay"}, "Select a valid choice."),
    ],
)
def test_a_bad_question_is_shown_again_with_the_error(admin, event, overrides, message):
    response = admin.post("/manage/unity/settings/questions/new/", new_question(**overrides))

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page, page
    assert not Question.objects.exists()


def test_an_admin_edits_a_question_and_its_options(admin, event):
    question = choice_question(event)
    address = f"/manage/unity/settings/questions/{question.pk}/"

    form = admin.get(address).content.decode()
    response = admin.post(
        address,
        new_question(
            **{
                "label_en": "Which track?",
                "required": "",
                "options-TOTAL_FORMS": "5",
                "options-INITIAL_FORMS": "2",
                "options-0-value": "trade",
                "options-0-label_en": "Trade",
                "options-1-value": "",
                "options-1-label_en": "",
                "options-1-label_ar": "",
            }
        ),
    )

    assert 'value="Which workshop?"' in form
    assert 'value="cyber"' in form
    assert response.status_code == 302
    question.refresh_from_db()
    assert str(question.label) == "Which track?"
    assert question.required is False
    assert [o.value for o in question.options.all()] == ["trade"]


def test_moving_a_question_up_and_down_without_javascript(admin, event):
    first = text_question(event, label="First", position=0)
    second = text_question(event, label="Second", position=1)
    third = text_question(event, label="Third", position=2)

    up = admin.post(f"/manage/unity/settings/questions/{third.pk}/move/", {"direction": "up"})
    assert up.status_code == 302
    assert up["Location"] == f"{LIST}#question-{third.pk}"
    assert order_of(event) == ["First", "Third", "Second"]

    admin.post(f"/manage/unity/settings/questions/{first.pk}/move/", {"direction": "down"})
    assert order_of(event) == ["Third", "First", "Second"]

    # At an end, it stays; a direction that is none is refused with a message.
    admin.post(f"/manage/unity/settings/questions/{second.pk}/move/", {"direction": "down"})
    bad = admin.post(
        f"/manage/unity/settings/questions/{second.pk}/move/",
        {"direction": "sideways"},
        follow=True,
    )
    assert order_of(event) == ["Third", "First", "Second"]
    assert "Move a question up or down." in bad.content.decode()
    assert admin.get(f"/manage/unity/settings/questions/{second.pk}/move/").status_code == 405


def test_the_drag_script_posts_the_new_order(admin, event):
    first = text_question(event, label="First", position=0)
    second = text_question(event, label="Second", position=1)

    saved = admin.post(
        "/manage/unity/settings/questions/reorder/",
        {"order": f"{second.pk},{first.pk}"},
        HTTP_ACCEPT="application/json",
    )

    assert saved.status_code == 204
    assert order_of(event) == ["Second", "First"]
    entry = AuditEntry.objects.get(action="questions.reordered")
    assert entry.data == {"order": [second.pk, first.pk]}


@pytest.mark.parametrize("order", ["", "1,2,3", "abc", "{first},{first}", "{first}"])
def test_an_order_that_is_not_every_question_once_is_refused(admin, event, order):
    first = text_question(event, label="First", position=0)
    text_question(event, label="Second", position=1)

    response = admin.post(
        "/manage/unity/settings/questions/reorder/",
        {"order": order.format(first=first.pk)},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "order": ["The order must name each of the summit's questions once."]
    }
    assert order_of(event) == ["First", "Second"]


def test_a_json_body_reorders_too_and_a_form_post_comes_back_to_the_list(admin, event):
    first = text_question(event, label="First", position=0)
    second = text_question(event, label="Second", position=1)

    as_json = admin.post(
        "/manage/unity/settings/questions/reorder/",
        json.dumps({"order": [second.pk, first.pk]}),
        content_type="application/json",
    )
    as_form = admin.post(
        "/manage/unity/settings/questions/reorder/",
        {"order": f"{first.pk},{second.pk}"},
        follow=True,
    )

    assert as_json.status_code == 204
    assert "The questions are in their new order." in as_form.content.decode()
    assert order_of(event) == ["First", "Second"]


def test_deleting_asks_first_then_deletes(admin, event):
    question = text_question(event, label="Obsolete?")
    address = f"/manage/unity/settings/questions/{question.pk}/delete/"

    confirmation = admin.get(address).content.decode()
    deleted = admin.post(address, follow=True)

    assert "Nobody has answered it yet." in confirmation
    assert Question.objects.filter(pk=question.pk).exists() is False
    assert "The question is deleted." in deleted.content.decode()


def test_an_answered_question_is_not_deleted_and_the_page_says_why(admin, event):
    question = choice_question(event)
    answered(question, "cyber")
    address = f"/manage/unity/settings/questions/{question.pk}/delete/"

    confirmation = admin.get(address).content.decode()
    refused = admin.post(address, follow=True)

    assert "1 registrant answered this question: it cannot be deleted" in confirmation
    assert 'type="submit"' not in confirmation.split("danger-zone")[1]
    assert "1 registrant answered it" in refused.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_only_admins_open_the_builder(client, event, role):
    question = text_question(event)
    user = UserFactory()
    team_member_add(event=event, user=user, role=role)
    client.force_login(user)

    for address in (
        LIST,
        "/manage/unity/settings/questions/new/",
        f"/manage/unity/settings/questions/{question.pk}/",
        f"/manage/unity/settings/questions/{question.pk}/delete/",
    ):
        assert client.get(address).status_code == 403, address
    assert client.post(f"/manage/unity/settings/questions/{question.pk}/delete/").status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, event):
    assert client.get(LIST).status_code == 302


def test_a_question_of_another_summit_is_not_found(admin, event):
    other = EventFactory(slug="other")
    question = text_question(other)

    assert admin.get(f"/manage/unity/settings/questions/{question.pk}/").status_code == 404
    assert (
        admin.post(
            f"/manage/unity/settings/questions/{question.pk}/move/", {"direction": "up"}
        ).status_code
        == 404
    )
