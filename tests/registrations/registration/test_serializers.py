"""The public registration body's answers: an object keyed by question id."""

import pytest
from rest_framework.exceptions import ValidationError

from registrations.registration.serializers import QuestionAnswersField


def test_answers_are_read_as_question_ids():
    assert QuestionAnswersField().run_validation({"12": "yes", "7": ["a", "b"]}) == {
        12: "yes",
        7: ["a", "b"],
    }


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        ([1], 'Expected a dictionary of items but got type "list".'),
        ("yes", 'Expected a dictionary of items but got type "str".'),
        ({"colour": "red"}, "Answers are keyed by question id."),
    ],
)
def test_answers_that_are_not_keyed_by_question_id_are_refused(answers, error):
    with pytest.raises(ValidationError) as refused:
        QuestionAnswersField().run_validation(answers)

    assert refused.value.detail == [error]
