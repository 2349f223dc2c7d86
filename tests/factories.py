from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.summit.models import AccessZone, Event, RegistrationCategory

PASSWORD = "correct horse battery"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"summit-{n}")
    name = factory.Sequence(lambda n: {"en": f"Summit {n}", "ar": f"القمة {n}"})
    venue_name = factory.LazyFunction(lambda: {"en": "Exhibition Centre"})
    timezone = "Asia/Dubai"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(days=2))
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(
        lambda event: event.starts_at - timedelta(days=1)
    )
    is_published = True


class AccessZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessZone

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"zone-{n}")
    name = factory.Sequence(lambda n: {"en": f"Zone {n}"})


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationCategory

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: {"en": f"Category {n}"})


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registrations.Delegation"

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: {"en": f"Delegation {n}"})
    country = "AE"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration row as the workflow would leave it (no messages, no audit)."""

    class Meta:
        model = "registrations.Registration"

    event = factory.SubFactory(EventFactory)
    category = factory.SubFactory(
        CategoryFactory, event=factory.SelfAttribute("..event"), requires_approval=True
    )
    reference = factory.Sequence(lambda n: f"TST-{n:06d}")
    status = "pending"
    first_name = "Amina"
    last_name = factory.Sequence(lambda n: f"Haddad{n}")
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    organization = "Ministry of Interior"
    job_title = "Director"
    country = "AE"
    consent_at = factory.LazyFunction(timezone.now)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registrations.Invitation"

    event = factory.SubFactory(EventFactory)
    category = factory.SubFactory(
        CategoryFactory, event=factory.SelfAttribute("..event"), invitation_only=True
    )
    code = factory.Sequence(lambda n: f"INV{n:06d}")
