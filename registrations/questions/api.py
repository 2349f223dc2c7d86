"""The setup API of an event's questions (admin): `GET`/`POST …/questions/`,
`GET`/`PATCH`/`DELETE …/questions/<id>/`; see `events.setup.resources` for what each
answers. Deleting a question registrants answered answers 409 naming the answers."""

from events.setup.resources import SetupDetailView, SetupListView, setup_schema
from registrations.questions import services
from registrations.questions.selectors import event_questions
from registrations.questions.serializers import QuestionSerializer

question_list_schema, question_detail_schema = setup_schema(
    QuestionSerializer, many="registration form questions"
)


class _Questions:
    serializer_class = QuestionSerializer

    def rows(self):
        return event_questions(event=self.event)


@question_list_schema
class QuestionListView(_Questions, SetupListView):
    def create(self, data):
        return services.question_create(event=self.event, actor=self.actor, data=data)


@question_detail_schema
class QuestionDetailView(_Questions, SetupDetailView):
    lookup_url_kwarg = "question_id"

    def update(self, row, changes):
        return services.question_update(
            event=self.event, question_id=row.pk, actor=self.actor, changes=changes
        )

    def remove(self, row):
        services.question_delete(event=self.event, question_id=row.pk, actor=self.actor)
