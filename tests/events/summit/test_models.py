from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import AccessZoneFactory, CategoryFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_an_event_cannot_end_before_it_starts_in_the_database():
    event = EventFactory()
    event.ends_at = event.starts_at - timedelta(hours=1)

    with pytest.raises(IntegrityError):
        event.save()


def test_clean_names_the_field_that_is_wrong():
    event = EventFactory.build(timezone="Mars/Olympus")
    event.ends_at = event.starts_at
    event.registration_closes_at = event.registration_opens_at

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert set(error.value.message_dict) >= {"ends_at", "registration_closes_at", "timezone"}
    assert "IANA" in error.value.message_dict["timezone"][0]


def test_zone_and_category_slugs_are_unique_within_an_event_only():
    first, second = EventFactory(), EventFactory()
    AccessZoneFactory(event=first, slug="plenary")
    AccessZoneFactory(event=second, slug="plenary")
    CategoryFactory(event=first, slug="delegate")
    CategoryFactory(event=second, slug="delegate")

    with pytest.raises(IntegrityError):
        AccessZoneFactory(event=first, slug="plenary")


def test_an_event_has_one_main_entrance_at_most():
    event = EventFactory()
    AccessZoneFactory(event=event, is_main_entrance=True)

    with pytest.raises(IntegrityError):
        AccessZoneFactory(event=event, is_main_entrance=True)


def test_colours_must_be_hex():
    zone = AccessZoneFactory.build(event=EventFactory(), colour="red")

    with pytest.raises(ValidationError) as error:
        zone.full_clean()

    assert "colour" in error.value.message_dict
