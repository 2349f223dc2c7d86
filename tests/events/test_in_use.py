"""What still uses a row: counted from the ORM's relations, and the refusal when the
database's own PROTECT stops a delete the count did not foresee (a row added meanwhile)."""

import pytest

from events import in_use
from events.in_use import InUseError, Use, delete_unless_in_use, uses_of
from events.summit.models import RegistrationCategory
from tests.agenda.factories import RoomFactory, SessionFactory
from tests.factories import CategoryFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_every_kind_of_use_is_counted_by_its_plural_name():
    category = CategoryFactory()
    RegistrationFactory(event=category.event, category=category)
    session = SessionFactory(event=category.event)
    session.invited_categories.add(category)

    assert uses_of(category) == [Use("registrations", 1), Use("sessions", 1)]


def test_ignored_models_do_not_count():
    room = RoomFactory()
    SessionFactory(event=room.event, room=room)

    assert uses_of(room, ignore={"agenda.Session"}) == []


def test_a_protect_the_count_missed_is_refused_the_same_way(monkeypatch):
    category = CategoryFactory(name={"en": "Delegate"})
    RegistrationFactory(event=category.event, category=category)
    monkeypatch.setattr(in_use, "uses_of", lambda instance, ignore=(): [])

    with pytest.raises(InUseError) as refusal:
        delete_unless_in_use(category)

    assert refusal.value.uses == [Use("registrations", 1)]
    assert refusal.value.api_body() == {
        "detail": "“Delegate” cannot be deleted: it is still used by registrations (1).",
        "code": "in_use",
        "uses": [{"what": "registrations", "count": 1}],
    }
    assert RegistrationCategory.objects.filter(pk=category.pk).exists()
