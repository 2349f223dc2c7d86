"""A registrant deletes their data from their own page, in a real browser: the button
opens a confirmation that says what will be erased; confirming erases, Cancel keeps all.

English and Arabic (RTL), desktop and phone; every page is checked with axe-core and
must not scroll sideways (see conftest).
"""

import pytest

from registrations.delegations.models import Delegation
from registrations.registration.models import Registration, Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "ar"]
SIZES = ["desktop", "phone"]


def an_approved_registrant(event) -> Registration:
    """An approved member of the demo (heads of delegation have a page of their own)."""
    heads = Delegation.objects.filter(event=event).values("head_id")
    return (
        Registration.objects.filter(
            event=event, status=Status.APPROVED, personal_data_erased_at__isnull=True
        )
        .exclude(pk__in=heads)
        .order_by("pk")
        .first()
    )


def open_the_confirmation(visit, registration):
    page = visit.page
    visit.goto(f"/me/{registration.secret_token}/")
    visit.check("delete-me-page")
    danger = page.locator(".danger-actions")
    link = danger.locator(f'a[href="/me/{registration.secret_token}/delete/"]')
    # The danger zone comes after the everyday forms, at the foot of the page.
    everyday = page.locator(f'form[action="/me/{registration.secret_token}/new-link/"]')
    form_box = everyday.bounding_box()
    assert danger.bounding_box()["y"] > form_box["y"] + form_box["height"]
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/me/{registration.secret_token}/delete/")
    visit.check("delete-me-confirm")
    consequences = page.locator("main").inner_text()
    assert registration.reference in consequences
    assert registration.last_name in consequences
    return page


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_registrant_confirms_and_their_data_is_erased(demo, open_visit, language, size):
    registration = an_approved_registrant(demo)
    old_link = f"/me/{registration.secret_token}/"
    visit = open_visit(language, size)

    page = open_the_confirmation(visit, registration)
    page.locator('form button.button-danger[type="submit"]').click()
    page.wait_for_load_state("load")

    visit.check("delete-me-done")
    assert registration.reference in page.locator("main").inner_text()
    registration.refresh_from_db()
    assert registration.personal_data_erased_at is not None
    assert registration.status == Status.CANCELLED
    assert registration.first_name == ""
    assert registration.last_name == ""
    # The old link opens nothing any more.
    assert page.goto(visit.base_url + old_link).status == 404


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_registrant_cancels_and_nothing_is_deleted(demo, open_visit, language, size):
    registration = an_approved_registrant(demo)
    last_name = registration.last_name
    visit = open_visit(language, size)

    page = open_the_confirmation(visit, registration)
    page.locator("form a.button-quiet").click()
    page.wait_for_load_state("load")

    assert page.url.endswith(f"/me/{registration.secret_token}/")
    visit.check("delete-me-kept")
    registration.refresh_from_db()
    assert registration.personal_data_erased_at is None
    assert registration.status == Status.APPROVED
    assert registration.last_name == last_name
