"""CSV export of registrations: the columns an officer's spreadsheet gets (events/csv_files.py
writes them, safe to open there), then one column per question of the event, in the form's
order, headed by its label in the export's language."""

from events.csv_files import csv_text
from registrations.questions.display import answer_text

EXPORT_COLUMNS = [
    ("reference", "Reference"),
    ("status", "Status"),
    ("category", "Category"),
    ("title", "Title"),
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("name_ar", "Name (Arabic)"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("organization", "Organization"),
    ("job_title", "Job title"),
    ("country", "Country"),
    ("delegation", "Delegation"),
    ("protocol_rank", "Protocol rank"),
    ("protocol_order", "Order within rank"),
    ("vetting_state", "Security vetting"),
    ("language", "Language"),
    ("dietary_needs", "Dietary needs"),
    ("accessibility_needs", "Accessibility needs"),
    ("created_at", "Registered at (UTC)"),
]


def _row(registration, questions, language: str) -> list:
    values = {
        "category": registration.category.slug,
        "title": registration.title_en,
        "country": registration.country.code,
        "delegation": (
            registration.delegation.name.in_language("en") if registration.delegation_id else ""
        ),
        "protocol_rank": rank.name.in_language("en")
        if (rank := registration.protocol_rank)
        else "",
        "created_at": registration.created_at.strftime("%Y-%m-%d %H:%M"),
    }
    row = [
        values[name] if name in values else getattr(registration, name)
        for name, _label in EXPORT_COLUMNS
    ]
    if questions:
        answers = {answer.question_id: answer.value for answer in registration.answers.all()}
        row.extend(
            answer_text(question, answers[question.pk], language=language)
            if question.pk in answers
            else ""
            for question in questions
        )
    return row


def registrations_csv(registrations, *, on_row=None, questions=(), language: str = "en") -> str:
    """The file; `on_row()` is called after each row (a job's progress). `questions` (with
    their options) each get a column; their answers are read a chunk of rows at a time."""
    questions = list(questions)
    if questions:
        registrations = registrations.prefetch_related("answers")

    def rows():
        for registration in registrations.iterator(chunk_size=1000):
            yield _row(registration, questions, language)
            if on_row is not None:
                on_row()

    header = [label for _name, label in EXPORT_COLUMNS]
    header.extend(question.label.in_language(language) for question in questions)
    return csv_text(header, rows())
