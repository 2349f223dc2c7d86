"""Factories for the agenda tests. Rows as the services would leave them."""

from datetime import timedelta

import factory

from agenda.programme.models import Room, Session, SessionSpeaker, Track
from tests.factories import EventFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"room-{n}")
    name = factory.Sequence(lambda n: {"en": f"Room {n}", "ar": f"القاعة {n}"})
    capacity = 100


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"track-{n}")
    name = factory.Sequence(lambda n: {"en": f"Track {n}", "ar": f"المسار {n}"})
    colour = "#1E7B34"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: {"en": f"Session {n}", "ar": f"الجلسة {n}"})
    abstract = factory.LazyFunction(lambda: {"en": "What works against organised crime."})
    kind = "panel"
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at + timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=1))
    room = factory.SubFactory(RoomFactory, event=factory.SelfAttribute("..event"))


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    registration = None
    role = "speaker"
