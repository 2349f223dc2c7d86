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
    name_en = factory.Sequence(lambda n: f"Room {n}")
    name_ar = factory.Sequence(lambda n: f"القاعة {n}")
    capacity = 100


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"track-{n}")
    name_en = factory.Sequence(lambda n: f"Track {n}")
    name_ar = factory.Sequence(lambda n: f"المسار {n}")
    colour = "#1E7B34"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title_en = factory.Sequence(lambda n: f"Session {n}")
    title_ar = factory.Sequence(lambda n: f"الجلسة {n}")
    abstract_en = "What works against organised crime."
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
