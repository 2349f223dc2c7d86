"""The public registration API and the accreditation API, as in the contract."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.audit.models import AuditEntry
from events.teams.models import Role
from events.throttling import WindowCountingThrottle
from events.tokens.services import api_token_issue
from notifications.models import Message
from registrations.registration.models import Question, Registration
from tests.factories import (
    CategoryFactory,
    DelegationFactory,
    EventFactory,
    InvitationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(slug="unity")
    CategoryFactory(event=event, slug="delegate", requires_approval=True)
    CategoryFactory(event=event, slug="media", requires_approval=False)
    return event


def body(**overrides):
    return {
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "amina@example.org",
        "organization": "Ministry of Interior",
        "job_title": "Director",
        "country": "AE",
        "category": "delegate",
        "consent": True,
        **overrides,
    }


def register(api_client, event, **overrides):
    return api_client.post(
        f"/api/v1/events/{event.slug}/registrations/", body(**overrides), format="json"
    )


@pytest.fixture
def officer_client(event):
    """A client with the accreditation token of `event`: it learns references and duplicates."""
    from rest_framework.test import APIClient

    _token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_an_anonymous_registration_is_received_and_the_email_carries_the_reference(
    api_client, event
):
    response = register(api_client, event, title="dr", name_ar="أمينة حداد", phone="+971 2 123")

    assert response.status_code == 202
    assert response.json()["status"] == "received"
    assert response.json()["detail"]
    assert "reference" not in response.json()
    registration = Registration.objects.get()
    assert registration.status == "pending"
    received = Message.objects.get(kind="registration.received")
    assert registration.reference in received.body_text
    assert registration.get_absolute_url() in received.body_text


def test_a_delegate_registers_and_waits_for_approval(officer_client, event):
    response = register(officer_client, event, title="dr", name_ar="أمينة حداد", phone="+971 2 123")

    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "pending"
    assert data["reference"].startswith("U-")
    registration = Registration.objects.get(reference=data["reference"])
    assert registration.name_ar == "أمينة حداد"
    assert registration.consent_at is not None
    received = Message.objects.get(kind="registration.received")
    assert received.recipient == "amina@example.org"
    assert registration.reference in received.body_text
    assert AuditEntry.objects.filter(action="registration.submitted").count() == 1


def test_a_category_without_review_is_approved_at_once(officer_client, event):
    response = register(officer_client, event, category="media")

    assert response.status_code == 201
    assert response.json()["status"] == "approved"
    assert Message.objects.filter(kind="registration.approved").count() == 1


def test_the_reference_uses_unambiguous_characters(api_client):
    event = EventFactory(slug="unity-for-security")
    CategoryFactory(event=event, slug="delegate")

    register(api_client, event)

    reference = Registration.objects.get().reference
    prefix, code = reference.split("-")
    assert prefix == "UFS"
    assert len(code) == 6
    assert not set(code) & set("01ILOUV")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"email": "not-an-email"}, "email"),
        ({"country": "XX"}, "country"),
        ({"country": "ARE"}, "country"),
        ({"category": "astronaut"}, "category"),
        ({"consent": False}, "consent"),
        ({"title": "king-of-the-world"}, "title"),
        ({"phone": "<script>"}, "phone"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_stored(
    api_client, event, overrides, field
):
    response = register(api_client, event, **overrides)

    assert response.status_code == 400
    assert field in response.json()
    assert isinstance(response.json()[field], list)
    assert Registration.objects.count() == 0
    assert Message.objects.count() == 0


def test_missing_fields_are_each_named(api_client, event):
    response = api_client.post(f"/api/v1/events/{event.slug}/registrations/", {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) >= {
        "first_name",
        "last_name",
        "email",
        "organization",
        "job_title",
        "country",
        "category",
        "consent",
    }


def test_errors_come_in_arabic_for_an_arabic_client(api_client, event):
    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        body(consent=False),
        format="json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )

    assert response.status_code == 400
    assert "يجب" in response.json()["consent"][0]


def test_a_category_not_open_to_the_public_is_refused(api_client, event):
    CategoryFactory(event=event, slug="staff", is_public=False)

    response = register(api_client, event, category="staff")

    assert response.status_code == 400
    assert "category" in response.json()


def test_registration_before_opening_or_after_closing_is_a_conflict(api_client, event):
    event.registration_opens_at = timezone.now() + timedelta(days=1)
    event.save()
    assert register(api_client, event).status_code == 409

    event.registration_opens_at = timezone.now() - timedelta(days=10)
    event.registration_closes_at = timezone.now() - timedelta(days=1)
    event.save()
    response = register(api_client, event)
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]
    assert Registration.objects.count() == 0


def test_a_draft_event_takes_no_registrations(api_client):
    draft = EventFactory(is_published=False)
    CategoryFactory(event=draft, slug="delegate")

    assert register(api_client, draft).status_code == 404


class TestNoEmailOracle:
    """Anonymous callers cannot tell a new address from a registered one."""

    def test_a_new_and_a_registered_address_get_the_same_answer(self, api_client, event):
        new = register(api_client, event)

        again = register(api_client, event, email="AMINA@Example.ORG", first_name="Other")

        assert (new.status_code, again.status_code) == (202, 202)
        assert new.json() == again.json()
        assert Registration.objects.count() == 1
        assert Registration.objects.get().first_name == "Amina"

    def test_the_owner_of_a_registered_address_is_told_with_their_link(self, api_client, event):
        register(api_client, event)
        registration = Registration.objects.get()

        register(api_client, event, email="AMINA@Example.ORG", first_name="Other")

        told = Message.objects.get(kind="registration.already_registered")
        assert told.recipient == "amina@example.org"
        assert "already registered" in told.body_text
        assert registration.get_absolute_url() in told.body_text
        assert registration.reference in told.body_text

    def test_repeated_attempts_send_one_message_in_ten_minutes(self, api_client, event):
        register(api_client, event)
        for _attempt in range(5):
            register(api_client, event, first_name="Other")

        assert Message.objects.filter(kind="registration.already_registered").count() == 1

    def test_a_full_category_refuses_a_new_and_a_registered_address_alike(self, api_client, event):
        CategoryFactory(event=event, slug="vip", capacity=1, allows_waitlist=False)
        register(api_client, event, category="vip")

        known = register(api_client, event, category="vip")
        unknown = register(api_client, event, category="vip", email="new@example.org")

        assert (known.status_code, unknown.status_code) == (409, 409)
        assert known.json() == unknown.json()

    def test_the_answers_take_the_same_order_of_time(self, api_client, event):
        import time

        def timed(**overrides):
            start = time.perf_counter()
            response = register(api_client, event, **overrides)
            assert response.status_code == 202
            return time.perf_counter() - start

        timed(email="warmup@example.org")
        new = min(timed(email=f"new{n}@example.org") for n in range(5))
        known = min(timed(email="warmup@example.org") for _ in range(5))

        # Not a benchmark: a duplicate must not answer in a tenth (or ten times) the time.
        assert new / 10 < known < new * 10

    def test_an_officer_token_still_learns_of_the_duplicate(
        self, api_client, officer_client, event
    ):
        register(api_client, event)

        response = register(officer_client, event, email="AMINA@example.org")

        assert response.status_code == 409
        assert response.json()["code"] == "duplicate"
        assert "already registered" in response.json()["detail"]

    def test_a_token_of_another_role_gets_the_anonymous_answer(self, api_client, event):
        _token, raw = api_token_issue(event=event, role=Role.CHECKIN)
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

        response = register(api_client, event)

        assert response.status_code == 202
        assert "reference" not in response.json()

    def test_an_officer_finds_a_registration_by_email_in_any_case(
        self, api_client, officer_client, event
    ):
        register(api_client, event)
        RegistrationFactory(event=event, email="someone.else@example.org")

        response = officer_client.get(
            f"/api/v1/events/{event.slug}/registrations/", {"email": "Amina@EXAMPLE.org"}
        )

        assert response.status_code == 200
        assert [row["email"] for row in response.json()["results"]] == ["amina@example.org"]

    def test_anonymous_callers_cannot_search_by_email(self, api_client, event):
        response = api_client.get(
            f"/api/v1/events/{event.slug}/registrations/", {"email": "amina@example.org"}
        )

        assert response.status_code in (401, 403)


def test_a_full_category_without_waitlist_is_a_conflict(officer_client, event):
    CategoryFactory(event=event, slug="vip", capacity=1, allows_waitlist=False)
    assert register(officer_client, event, category="vip").status_code == 201

    response = register(officer_client, event, category="vip", email="second@example.org")

    assert response.status_code == 409
    assert "full" in response.json()["detail"]


def test_a_full_category_with_waitlist_puts_newcomers_on_it(officer_client, event):
    CategoryFactory(event=event, slug="vip", capacity=1, allows_waitlist=True)
    register(officer_client, event, category="vip")

    response = register(officer_client, event, category="vip", email="second@example.org")

    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert Message.objects.filter(kind="registration.waitlisted").count() == 1


def test_the_event_capacity_counts_every_category(officer_client, event):
    event.capacity = 1
    event.save()
    register(officer_client, event, category="delegate")

    response = register(officer_client, event, category="media", email="b@example.org")

    assert response.json()["status"] == "waitlisted"


class TestInvitations:
    @pytest.fixture
    def vip(self, event):
        return CategoryFactory(event=event, slug="head", invitation_only=True)

    def test_an_invitation_only_category_needs_a_code(self, api_client, event, vip):
        response = register(api_client, event, category="head")

        assert response.status_code == 400
        assert "invitation" in response.json()["invitation_code"][0].lower()

    def test_a_valid_code_is_used_once(self, api_client, event, vip):
        InvitationFactory(event=event, category=vip, code="ABC123", skips_approval=True)

        response = register(api_client, event, category="head", invitation_code="abc123")

        assert response.status_code == 202
        assert Registration.objects.get().status == "approved"
        second = register(
            api_client, event, category="head", invitation_code="ABC123", email="b@example.org"
        )
        assert second.status_code == 400
        assert "already been used" in second.json()["invitation_code"][0]

    @pytest.mark.parametrize(
        ("invitation", "message"),
        [
            ({"code": "WRONG1"}, "not valid"),
            ({"expires_at": timezone.now() - timedelta(hours=1)}, "expired"),
            ({"uses": 1, "max_uses": 1}, "already been used"),
            ({"email": "someone.else@example.org"}, "another email"),
        ],
    )
    def test_bad_codes_are_refused_with_the_reason(
        self, api_client, event, vip, invitation, message
    ):
        InvitationFactory(event=event, category=vip, **{"code": "GOOD01", **invitation})

        response = register(api_client, event, category="head", invitation_code="GOOD01")

        assert response.status_code == 400
        assert message in response.json()["invitation_code"][0]
        assert Registration.objects.count() == 0

    def test_a_code_for_another_category_is_refused(self, api_client, event, vip):
        other = CategoryFactory(event=event, slug="other-vip", invitation_only=True)
        InvitationFactory(event=event, category=other, code="OTHER1")

        response = register(api_client, event, category="head", invitation_code="OTHER1")

        assert response.status_code == 400
        assert "another category" in response.json()["invitation_code"][0]

    def test_a_multi_use_code_counts_its_uses(self, api_client, event, vip):
        invitation = InvitationFactory(event=event, category=vip, code="MULTI1", max_uses=3)

        for number in range(3):
            response = register(
                api_client,
                event,
                category="head",
                invitation_code="MULTI1",
                email=f"guest{number}@example.org",
            )
            assert response.status_code == 202
        invitation.refresh_from_db()
        assert invitation.uses == 3


def test_a_delegation_joining_code_adds_the_member_within_quota(api_client, event):
    delegation = DelegationFactory(event=event, quota=1, join_code="DEL-ABCDEF")

    response = register(api_client, event, delegation="del-abcdef")
    assert response.status_code == 202
    assert Registration.objects.get().delegation == delegation

    full = register(api_client, event, delegation="DEL-ABCDEF", email="b@example.org")
    assert full.status_code == 400
    assert "no places left" in full.json()["delegation"][0]


def test_names_with_html_are_stored_as_text(api_client, event):
    response = register(api_client, event, first_name="<script>alert(1)</script>")

    assert response.status_code == 202
    assert Registration.objects.get().first_name == "<script>alert(1)</script>"


def test_a_one_megabyte_body_is_refused(api_client, event):
    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        data='{"first_name": "' + "x" * 1_000_000 + '"}',
        content_type="application/json",
    )

    assert response.status_code == 413
    assert Registration.objects.count() == 0


def test_malformed_json_is_a_clear_400(api_client, event):
    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        data="{not json",
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "detail" in response.json()


def test_registrations_are_throttled_per_client(api_client, event, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = {
        **api_settings.DEFAULT_THROTTLE_RATES,
        "registration": "2/minute",
    }
    try:
        statuses = [
            register(api_client, event, email=f"r{n}@example.org").status_code for n in range(3)
        ]
        response = register(api_client, event, email="r9@example.org")
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original

    assert statuses[:2] == [202, 202]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


class TestAccreditationApi:
    @pytest.fixture
    def officer(self, api_client, event):
        _token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return api_client

    def test_list_is_paginated_and_filtered(self, officer, event):
        RegistrationFactory.create_batch(3, event=event, status="pending")
        RegistrationFactory(event=event, status="approved", country="FR")

        everyone = officer.get(f"/api/v1/events/{event.slug}/registrations/").json()
        french = officer.get(f"/api/v1/events/{event.slug}/registrations/?country=fr").json()

        assert everyone["count"] == 4
        assert set(everyone) == {"count", "next", "previous", "results"}
        assert [r["country"] for r in french["results"]] == ["FR"]

    def test_detail_by_reference(self, officer, event):
        registration = RegistrationFactory(event=event)

        response = officer.get(
            f"/api/v1/events/{event.slug}/registrations/{registration.reference}/"
        )

        assert response.status_code == 200
        assert response.json()["email"] == registration.email

    def test_approve_then_revoke_with_reasons_in_the_audit_trail(self, officer, event):
        registration = RegistrationFactory(event=event)
        url = f"/api/v1/events/{event.slug}/registrations/{registration.reference}"

        approved = officer.post(f"{url}/approve/", {"reason": "Checked"}, format="json")
        revoked = officer.post(f"{url}/revoke/", {"reason": "Lost badge"}, format="json")

        assert approved.status_code == 200
        assert approved.json()["status"] == "approved"
        assert revoked.json()["status"] == "revoked"
        actions = list(
            AuditEntry.objects.filter(object_id=registration.reference)
            .order_by("created_at", "pk")
            .values_list("action", "reason")
        )
        assert ("registration.approved", "Checked") in actions
        assert ("registration.revoked", "Lost badge") in actions

    def test_a_forbidden_transition_is_a_conflict(self, officer, event):
        registration = RegistrationFactory(event=event, status="rejected")

        response = officer.post(
            f"/api/v1/events/{event.slug}/registrations/{registration.reference}/approve/",
            format="json",
        )

        assert response.status_code == 409
        registration.refresh_from_db()
        assert registration.status == "rejected"

    def test_reject_with_a_visible_reason(self, officer, event):
        registration = RegistrationFactory(event=event)

        response = officer.post(
            f"/api/v1/events/{event.slug}/registrations/{registration.reference}/reject/",
            {"reason": "Incomplete", "reason_visible": True},
            format="json",
        )

        assert response.json()["status"] == "rejected"
        message = Message.objects.get(kind="registration.rejected")
        assert "Incomplete" in message.body_text

    def test_a_checkin_token_may_not_list_registrations(self, api_client, event):
        _token, raw = api_token_issue(event=event, role=Role.CHECKIN)
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

        assert api_client.get(f"/api/v1/events/{event.slug}/registrations/").status_code == 403

    def test_anonymous_may_not_list_registrations(self, api_client, event):
        assert api_client.get(f"/api/v1/events/{event.slug}/registrations/").status_code == 401

    def test_unknown_reference_is_not_found(self, officer, event):
        assert officer.get(f"/api/v1/events/{event.slug}/registrations/NOPE-1/").status_code == 404


def test_the_public_form_is_throttled_before_its_event_is_looked_up(api_client, monkeypatch):
    monkeypatch.setattr(
        WindowCountingThrottle,
        "THROTTLE_RATES",
        {"registration": "2/minute", "registration-event": "100/minute"},
    )
    url = "/api/v1/events/no-such-summit/registrations/"

    statuses = [api_client.post(url, body(), format="json").status_code for _ in range(3)]

    assert statuses == [404, 404, 429]


# --- The schema's types, strictly (found by schemathesis) ------------------------------


@pytest.mark.parametrize("consent", ["yes", "true", 1, False, None])
def test_consent_must_be_json_true(api_client, event, consent):
    response = register(api_client, event, consent=consent)

    assert response.status_code == 400
    assert list(response.json()) == ["consent"]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("first_name", 123), ("organization", True), ("email", 5), ("country", 7), ("title", 1)],
)
def test_a_number_or_boolean_where_text_is_expected_is_refused(api_client, event, field, value):
    response = register(api_client, event, **{field: value})

    assert response.status_code == 400
    assert field in response.json()
    assert not Registration.objects.exists()


def test_answers_to_unknown_questions_are_refused_naming_them(api_client, event):
    question = Question.objects.create(event=event, label={"en": "Which workshop?"}, kind="text")
    other_event_question = Question.objects.create(
        event=EventFactory(), label={"en": "Elsewhere?"}, kind="text"
    )

    response = register(
        api_client,
        event,
        answers={str(question.pk): "Cyber", "999999": "x", str(other_event_question.pk): "y"},
    )

    assert response.status_code == 400
    message = response.json()["answers"][0]
    assert "999999" in message
    assert str(other_event_question.pk) in message
    assert not Registration.objects.exists()


def test_a_known_answer_is_kept(api_client, event):
    question = Question.objects.create(event=event, label={"en": "Which workshop?"}, kind="text")

    response = register(api_client, event, answers={str(question.pk): "Cyber"})

    assert response.status_code == 202
    assert Registration.objects.get().answers.get().value == "Cyber"


def test_a_decision_reason_visible_must_be_a_boolean(officer_client, event):
    registration = RegistrationFactory(event=event, category=event.categories.get(slug="delegate"))

    response = officer_client.post(
        f"/api/v1/events/unity/registrations/{registration.reference}/reject/",
        {"reason": "No", "reason_visible": 0},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["reason_visible"]


@pytest.mark.parametrize(
    ("query", "field"), [("order=sideways", "order"), ("page_size=ten", "page_size")]
)
def test_a_list_filter_of_the_wrong_type_is_refused(officer_client, event, query, field):
    response = officer_client.get(f"/api/v1/events/unity/registrations/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [field]
