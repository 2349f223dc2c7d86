"""Vetting decisions apply whatever the cleared people's addresses (issue #15: one
registrant's address used to roll back the whole batch)."""

import pytest

from events.audit.services import Actor
from notifications.models import ErrorReason, Message, Status
from registrations.registration.models import Registration
from registrations.registration.models import Status as RegistrationStatus
from registrations.registration.services import registration_approve
from registrations.vetting.services import DecisionRow, vetting_batch_create, vetting_import
from tests.factories import CategoryFactory, RegistrationFactory
from tests.registrations.checkin_fixtures import make_summit

pytestmark = pytest.mark.django_db

OFFICER = Actor(label="officer@example.org")


def test_clearing_a_batch_with_an_unusable_address_clears_everyone():
    summit = make_summit()
    vetted = CategoryFactory(event=summit.event, slug="security-official", requires_vetting=True)
    emails = ["a@example.org", "maria@@example.org", "maria.garcía.163@example.org"]
    officials = [
        RegistrationFactory(event=summit.event, category=vetted, email=email) for email in emails
    ]
    for registration in officials:
        registration_approve(registration_id=registration.pk, actor=OFFICER)
    vetting_batch_create(event=summit.event, actor=OFFICER)
    rows = [
        DecisionRow(line=line, reference=registration.reference, decision="cleared", note="")
        for line, registration in enumerate(officials, start=2)
    ]

    report = vetting_import(event=summit.event, rows=rows, actor=OFFICER, dry_run=False)

    assert report.valid
    statuses = set(
        Registration.objects.filter(pk__in=[r.pk for r in officials]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {RegistrationStatus.APPROVED}
    failed = Message.objects.filter(recipient="maria@@example.org", kind="registration.approved")
    assert [(m.status, m.error_reason) for m in failed] == [
        (Status.FAILED, ErrorReason.ADDRESS_INVALID)
    ]
    assert (
        Message.objects.get(
            recipient="maria.garcía.163@example.org", kind="registration.approved"
        ).status
        == Status.QUEUED
    )
