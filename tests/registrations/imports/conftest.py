import io

import pytest
from openpyxl import Workbook

from registrations.registration.models import Question, QuestionOption
from tests.factories import CategoryFactory, DelegationFactory
from tests.registrations.checkin_fixtures import make_summit

HEADER = ["Category", "First name", "Last name", "Email", "Organization", "Job title", "Country"]


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ",", bom: bool = True) -> bytes:
    text = "\n".join(delimiter.join(str(cell) for cell in row) for row in rows) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def person(n: int, **cells) -> list:
    values = {
        "Category": "Delegate",
        "First name": "Amina",
        "Last name": f"Haddad{n}",
        "Email": f"person{n}@example.org",
        "Organization": "Ministry of Interior",
        "Job title": "Director",
        "Country": "United Arab Emirates",
        **cells,
    }
    return [values[name] for name in HEADER]


@pytest.fixture
def summit():
    """A summit in English, Arabic and French; delegates need no approval, heads of
    delegation are by invitation only; a yes/no question and a delegation."""
    summit = make_summit()
    summit.event.languages = ["en", "ar", "fr"]
    summit.event.save()
    summit.delegate.requires_approval = False
    summit.delegate.save()
    summit.heads = CategoryFactory(
        event=summit.event,
        slug="head",
        name={"en": "Head of delegation", "fr": "Chef de délégation"},
        invitation_only=True,
        is_public=False,
        requires_approval=True,
    )
    summit.dinner = Question.objects.create(
        event=summit.event,
        label={"en": "Attending the dinner", "fr": "Présent au dîner"},
        kind=Question.Kind.YES_NO,
        required=True,
    )
    summit.session = Question.objects.create(
        event=summit.event, label={"en": "Session"}, kind=Question.Kind.CHOICE
    )
    QuestionOption.objects.create(question=summit.session, value="morning", label={"en": "Morning"})
    summit.delegation = DelegationFactory(event=summit.event, name={"en": "Oman"}, quota=10)
    return summit
