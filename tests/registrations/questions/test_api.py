"""The questions' setup API: what an admin's client reads, writes and is refused."""

import pytest

from events.audit.models import AuditEntry
from events.teams.models import Role
from registrations.registration.models import Question, QuestionOption
from tests.registrations.checkin_fixtures import make_summit
from tests.registrations.questions.fixtures import answered, choice_question, text_question

pytestmark = pytest.mark.django_db

EMPTY = {"en": "", "ar": "", "fr": "", "es": ""}


@pytest.fixture
def summit():
    return make_summit("unity")


@pytest.fixture
def admin(api_client, summit):
    api_client.credentials(**summit.bearer(Role.ADMIN))
    return api_client


def url(summit, path: str = "") -> str:
    return f"/api/v1/events/{summit.event.slug}/questions/{path}"


def test_questions_are_listed_in_the_forms_order_with_their_options(admin, summit):
    second = text_question(summit.event, label="Dietary needs?", position=1)
    first = choice_question(summit.event, position=0)
    first.categories.set([summit.delegate])
    answered(first, "cyber")

    response = admin.get(url(summit))

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [first.pk, second.pk]
    row = body["results"][0]
    assert row["kind"] == "choice"
    assert row["label"] == {**EMPTY, "en": "Which workshop?", "ar": "أي ورشة؟"}
    assert row["label_text"] == "Which workshop?"
    assert row["categories"] == ["delegate"]
    assert row["answers_count"] == 1
    assert row["options"] == [
        {"value": "cyber", "label": {**EMPTY, "en": "Cybercrime", "ar": "الجرائم الإلكترونية"}},
        {"value": "trade", "label": {**EMPTY, "en": "Trade", "ar": "التجارة"}},
    ]


def test_an_admin_adds_a_choice_question_with_options_at_the_end(admin, summit):
    text_question(summit.event, position=4)

    response = admin.post(
        url(summit),
        {
            "kind": "multiple",
            "label": {"en": "Which sessions?", "ar": "أي الجلسات؟"},
            "help_text": {"en": "Pick all you attend.", "ar": "اختر كل ما ستحضره."},
            "required": True,
            "categories": ["speaker"],
            "options": [
                {"value": "opening", "label": {"en": "Opening", "fr": "Ouverture"}},
                {"value": "closing", "label": {"en": "Closing"}},
            ],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    question = Question.objects.get(pk=body["id"])
    assert question.position == 5
    assert question.help_text.as_dict() == {
        "en": "Pick all you attend.",
        "ar": "اختر كل ما ستحضره.",
    }
    assert question.required is True
    assert list(question.categories.values_list("slug", flat=True)) == ["speaker"]
    assert [(o.value, o.label.as_dict()) for o in question.options.all()] == [
        ("opening", {"en": "Opening", "fr": "Ouverture"}),
        ("closing", {"en": "Closing"}),
    ]
    assert body["options"][1]["value"] == "closing"
    entry = AuditEntry.objects.get(action="question.created")
    assert entry.data == {"kind": "multiple", "label": "Which sessions?"}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"kind": "choice", "label": {"en": "Pick"}}, "options", "at least one option"),
        (
            {
                "kind": "text",
                "label": {"en": "Why?"},
                "options": [{"value": "a", "label": {"en": "A"}}],
            },
            "options",
            "Only single and multiple choice",
        ),
        (
            {
                "kind": "choice",
                "label": {"en": "Pick"},
                "options": [
                    {"value": "a", "label": {"en": "A"}},
                    {"value": "a", "label": {"en": "Again"}},
                ],
            },
            "options",
            "Two options have the value “a”",
        ),
        (
            {
                "kind": "choice",
                "label": {"en": "Pick"},
                "options": [{"value": "a", "label": {"ar": "أ"}}],
            },
            "options",
            "main language",
        ),
        (
            {
                "kind": "choice",
                "label": {"en": "Pick"},
                "options": [{"value": "not a slug", "label": {"en": "A"}}],
            },
            "options",
            "slug",
        ),
        ({"kind": "essay", "label": {"en": "Why?"}}, "kind", "not a valid choice"),
        ({"kind": "text", "label": {"ar": "لماذا؟"}}, "label", "main language"),
        ({"kind": "text", "label": "Why?"}, "label", "object keyed by language"),
        ({"kind": "text", "label": {"en": "x" * 301}}, "label", "at most 300"),
        (
            {"kind": "text", "label": {"en": "Why?"}, "help_text": {"en": "x" * 501}},
            "help_text",
            "at most 500",
        ),
        (
            {"kind": "text", "label": {"en": "Why?"}, "help_text": {"xx": "Hi"}},
            "help_text",
            "Unknown language",
        ),
        ({"kind": "text", "label": {"en": "Why?"}, "required": "yes"}, "required", "boolean"),
        (
            {"kind": "text", "label": {"en": "Why?"}, "categories": ["nobody"]},
            "categories",
            "nobody",
        ),
        ({"kind": "text", "label": {"en": "Why?"}, "options": "a,b"}, "options", "list"),
    ],
)
def test_a_bad_question_is_refused_naming_the_field(admin, summit, body, field, message):
    response = admin.post(url(summit), body, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert message in str(errors[field]), errors
    assert not Question.objects.exists()


def test_a_category_of_another_summit_is_refused(admin, summit):
    other = make_summit("other")
    other.delegate.slug = "observer"
    other.delegate.save()

    response = admin.post(
        url(summit),
        {"kind": "text", "label": {"en": "Why?"}, "categories": ["observer"]},
        format="json",
    )

    assert response.status_code == 400
    assert "categories" in response.json()


def test_patch_replaces_the_options_when_given_and_keeps_them_otherwise(admin, summit):
    question = choice_question(summit.event)
    cyber = question.options.get(value="cyber")

    relabelled = admin.patch(
        url(summit, f"{question.pk}/"), {"label": {"en": "Which track?"}}, format="json"
    )
    replaced = admin.patch(
        url(summit, f"{question.pk}/"),
        {
            "options": [
                {"value": "energy", "label": {"en": "Energy"}},
                {"value": "cyber", "label": {"en": "Cyber"}},
            ]
        },
        format="json",
    )

    assert relabelled.status_code == 200
    assert [o["value"] for o in relabelled.json()["options"]] == ["cyber", "trade"]
    assert replaced.status_code == 200, replaced.json()
    assert [o["value"] for o in replaced.json()["options"]] == ["energy", "cyber"]
    # An option kept by its value keeps its row.
    assert question.options.get(value="cyber").pk == cyber.pk
    assert question.options.get(value="cyber").label.as_dict() == {"en": "Cyber"}
    entry = AuditEntry.objects.filter(action="question.updated").order_by("pk").last()
    assert entry.data == {"fields": ["options"]}


def test_a_new_kind_without_options_drops_them(admin, summit):
    question = choice_question(summit.event)

    response = admin.patch(url(summit, f"{question.pk}/"), {"kind": "long_text"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["options"] == []
    assert not QuestionOption.objects.filter(question=question).exists()


def test_an_answered_question_keeps_its_kind_and_its_chosen_options(admin, summit):
    question = choice_question(summit.event)
    answered(question, "trade")

    kind = admin.patch(url(summit, f"{question.pk}/"), {"kind": "text"}, format="json")
    options = admin.patch(
        url(summit, f"{question.pk}/"),
        {"options": [{"value": "cyber", "label": {"en": "Cyber"}}]},
        format="json",
    )

    assert kind.status_code == 400
    assert "kind stays" in kind.json()["kind"][0]
    assert options.status_code == 400
    assert "“trade”" in options.json()["options"][0]
    assert question.options.count() == 2


def test_deleting_an_unanswered_question_and_refusing_an_answered_one(admin, summit):
    unanswered = text_question(summit.event)
    used = choice_question(summit.event, position=1)
    answered(used, "cyber")
    answered(used, "trade")

    deleted = admin.delete(url(summit, f"{unanswered.pk}/"))
    refused = admin.delete(url(summit, f"{used.pk}/"))

    assert deleted.status_code == 204
    assert not Question.objects.filter(pk=unanswered.pk).exists()
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "in_use"
    assert body["uses"] == [{"what": "answers", "count": 2}]
    assert "2 registrants answered it" in body["detail"]
    assert Question.objects.filter(pk=used.pk).exists()
    assert AuditEntry.objects.filter(action="question.deleted").count() == 1


def test_a_question_of_another_summit_is_not_found(admin, summit):
    other = make_summit("other")
    question = text_question(other.event)

    assert admin.get(url(summit, f"{question.pk}/")).status_code == 404
    assert (
        admin.patch(url(summit, f"{question.pk}/"), {"required": True}, format="json").status_code
        == 404
    )
    assert admin.delete(url(summit, f"{question.pk}/")).status_code == 404


@pytest.mark.parametrize("role", [Role.ACCREDITATION, Role.CHECKIN, Role.PROGRAMME])
def test_only_admins_use_the_questions_api(api_client, summit, role):
    question = text_question(summit.event)
    api_client.credentials(**summit.bearer(role))

    assert api_client.get(url(summit)).status_code == 403
    assert (
        api_client.post(
            url(summit), {"kind": "text", "label": {"en": "x"}}, format="json"
        ).status_code
        == 403
    )
    assert api_client.delete(url(summit, f"{question.pk}/")).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_without_a_token_the_api_answers_401(api_client, summit):
    assert api_client.get(url(summit)).status_code == 401


def test_an_answered_text_question_can_still_be_relabelled_with_no_options(admin, summit):
    question = text_question(summit.event)
    answered(question, "No")

    response = admin.patch(
        url(summit, f"{question.pk}/"),
        {"kind": "text", "label": {"en": "Anything to add?"}, "options": [], "categories": []},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["label_text"] == "Anything to add?"


@pytest.mark.parametrize("position", [-1, 32768, 10**20, "1", 1.5])
def test_a_position_out_of_range_or_not_a_number_is_refused(admin, summit, position):
    response = admin.post(
        url(summit), {"kind": "text", "label": {"en": "Why?"}, "position": position}, format="json"
    )

    assert response.status_code == 400
    assert "position" in response.json()


def test_a_question_added_after_the_last_position_packs_the_positions(admin, summit):
    last = text_question(summit.event, label="Last", position=32767)
    first = text_question(summit.event, label="First", position=3)

    response = admin.post(url(summit), {"kind": "text", "label": {"en": "New"}}, format="json")

    assert response.status_code == 201
    assert response.json()["position"] == 2
    assert [(q.pk, q.position) for q in summit.event.questions.order_by("position")] == [
        (first.pk, 0),
        (last.pk, 1),
        (response.json()["id"], 2),
    ]
