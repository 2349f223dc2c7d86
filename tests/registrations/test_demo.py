"""The demo data is what a registrant could have typed: the registration form and the
API's serializer take every seeded registration as it is."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from events.summit.models import Event
from notifications.models import ErrorReason, Message
from registrations.delegations.models import DelegationQuota
from registrations.delegations.quotas import quota_uses
from registrations.demo import WOMEN, demo_email, legacy_demo_email
from registrations.registration.forms import RegistrationForm
from registrations.registration.forms_of_address import gender_contradicts_title
from registrations.registration.models import Registration
from registrations.registration.serializers import RegistrationCreateSerializer

pytestmark = pytest.mark.django_db


def as_submitted(registration: Registration) -> dict:
    return {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "organization": registration.organization,
        "job_title": registration.job_title,
        "country": registration.country.code,
        "category": registration.category.slug,
        "consent": True,
        "title": registration.title,
        "name_ar": registration.name_ar,
        "phone": registration.phone,
        "language": registration.language,
    }


@pytest.mark.parametrize(
    ("first", "last", "number", "expected"),
    [
        ("Maria", "García", 163, "maria.garcia.163@demo.summit.example"),
        ("Chen", "Müller", 228, "chen.muller.228@demo.summit.example"),
        ("James", "O'Brien", 7, "james.obrien.7@demo.summit.example"),
        ("Omar", "Al Mansouri", 1, "omar.almansouri.1@demo.summit.example"),
    ],
)
def test_demo_addresses_are_folded_to_ascii(first, last, number, expected):
    assert demo_email(first, last, number) == expected


def test_every_seeded_registration_passes_the_registration_form_and_serializer():
    call_command("seed_demo", stdout=StringIO())
    registrations = list(
        Registration.objects.filter(event__slug="unity-for-security").select_related(
            "category", "event"
        )
    )
    assert len(registrations) > 150

    refused = {}
    for registration in registrations:
        data = as_submitted(registration)
        serializer = RegistrationCreateSerializer(data=data)
        if not serializer.is_valid():
            refused[registration.email] = serializer.errors
        event = registration.event
        form = RegistrationForm(data, event=event, categories=event.categories.all())
        if not form.is_valid():
            refused[registration.email] = form.errors
    assert refused == {}
    assert all(registration.email.isascii() for registration in registrations)
    # So no demo message fails at enqueue time for its address.
    assert not Message.objects.filter(error_reason=ErrorReason.ADDRESS_INVALID).exists()


def test_demo_delegations_have_quotas_within_which_their_members_fit():
    call_command("seed_demo", stdout=StringIO())
    event = Event.objects.get(slug="unity-for-security")
    delegations = list(event.delegations.all())

    uses = quota_uses(event=event, delegations=delegations)

    assert delegations
    for delegation in delegations:
        limited = {use.category.slug: use for use in uses[delegation.pk] if use.allowed is not None}
        assert set(limited) == {"head-of-delegation", "delegate"}, delegation
        assert (limited["head-of-delegation"].used, limited["head-of-delegation"].allowed) == (1, 1)
        assert limited["delegate"].used < limited["delegate"].allowed  # room for one more
    call_command("seed_demo", stdout=StringIO())  # idempotent
    assert DelegationQuota.objects.filter(delegation__event=event).count() == 2 * len(delegations)


def test_seeding_an_old_demo_database_corrects_its_addresses_without_duplicating_anyone():
    call_command("seed_demo", stdout=StringIO())
    event_registrations = Registration.objects.filter(event__slug="unity-for-security")
    count = event_registrations.count()
    # As an older seed left them: the name part with its accents.
    folded = event_registrations.filter(last_name__in=["García", "Müller"]).first()
    assert folded is not None
    number = int(folded.reference.rpartition("D")[2])
    legacy = legacy_demo_email(folded.first_name, folded.last_name, number)
    assert not legacy.isascii()
    Registration.objects.filter(pk=folded.pk).update(email=legacy)
    corrected_by_officer = event_registrations.exclude(pk=folded.pk).first()
    Registration.objects.filter(pk=corrected_by_officer.pk).update(email="new@example.org")

    call_command("seed_demo", stdout=StringIO())

    assert event_registrations.count() == count
    folded.refresh_from_db()
    assert folded.email == demo_email(folded.first_name, folded.last_name, number)
    corrected_by_officer.refresh_from_db()
    assert corrected_by_officer.email == "new@example.org"


def test_demo_people_have_honorifics_that_fit_them_and_no_two_share_a_name():
    call_command("seed_demo", stdout=StringIO())
    registrations = list(Registration.objects.filter(event__slug="unity-for-security"))

    misaddressed = [
        (registration.first_name, registration.title)
        for registration in registrations
        if gender_contradicts_title(title=registration.title, gender=registration.gender)
    ]
    names = Counter(
        (registration.first_name, registration.last_name) for registration in registrations
    )

    assert misaddressed == []
    assert [name for name, count in names.items() if count > 1] == []
    # A woman is never "Mr" (the demo's first names say who is who).
    assert not [r for r in registrations if r.first_name in WOMEN and r.title == "mr"]
