"""Every page of the journeys, in English and Arabic, on a laptop and a phone.

Each page is checked with axe-core (no serious or critical violation) and saved as a
full-page screenshot under screenshots/e2e/ (ignored by git) for a person to look at.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.registration.models import Registration, Status
from tests.conftest import OrganizerClient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def organizer_cookie(live_server, *, username: str, roles: list[str], event) -> dict:
    """A signed-in organizer's session cookie (password and second factor already passed)."""
    user = get_user_model().objects.create_user(username, password="unused-in-browser")
    for role in roles:
        team_member_add(event=event, user=user, role=role)
    client = OrganizerClient() if set(roles) & {Role.ADMIN, Role.ACCREDITATION} else Client()
    client.force_login(user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    return {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "domain": host,
        "path": "/",
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_passes_axe_and_is_photographed_on_laptop_and_phone(
    demo, live_server, open_visit, language
):
    slug = demo.slug
    approved = Registration.objects.filter(event=demo, status=Status.APPROVED).first()
    pending = Registration.objects.filter(event=demo, status=Status.PENDING).first()
    officer = organizer_cookie(
        live_server, username="officer", roles=[Role.ACCREDITATION], event=demo
    )
    door = organizer_cookie(live_server, username="door", roles=[Role.CHECKIN], event=demo)
    from registrations.badges.services import badge_current, badge_qr_text

    # One badge per device: the second scan of a badge would (rightly) be amber.
    codes = {
        size: badge_qr_text(badge_current(registration=registration))
        for size, registration in zip(
            ("desktop", "phone"),
            Registration.objects.filter(event=demo, status=Status.APPROVED)[1:3],
            strict=True,
        )
    }

    for size in ("desktop", "phone"):
        visit = open_visit(language, size)
        page = visit.page
        visit.goto("/")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        visit.check("home")
        visit.goto(f"/e/{slug}/")
        visit.check("summit")
        visit.goto(f"/e/{slug}/register/")
        visit.check("register")
        page.locator("form.form button[type=submit]").click()
        page.locator("#error-summary").wait_for()
        visit.check("register-errors")
        visit.goto(f"/e/{slug}/agenda/")
        visit.check("agenda")
        visit.goto(f"/me/{approved.secret_token}/")
        visit.check("registrant-approved")
        visit.goto(f"/me/{pending.secret_token}/")
        visit.check("registrant-pending")
        delegation = demo.delegations.exclude(head=None).first()
        visit.goto(f"/d/{delegation.secret_token}/")
        visit.check("delegation")
        visit.goto(f"/d/{delegation.secret_token}/bilaterals/")
        visit.check("delegation-bilaterals")
        visit.goto(f"/d/{delegation.secret_token}/vehicles/")
        visit.check("delegation-vehicles")
        visit.goto("/manage/login/")
        visit.check("organizer-login")

        visit.context.add_cookies([officer])
        visit.goto("/manage/")
        visit.check("organizer-home")
        visit.goto(f"/manage/{slug}/registrations/")
        visit.check("registrations-list")
        visit.goto(f"/manage/{slug}/registrations/{pending.reference}/")
        visit.check("registration-detail")
        visit.goto(f"/manage/{slug}/badges/{approved.reference}/")
        visit.check("badge-detail")
        visit.goto(f"/manage/{slug}/vetting/")
        visit.check("vetting")
        visit.goto(f"/manage/{slug}/seating/")
        visit.check("seating")
        visit.goto(f"/manage/{slug}/vehicles/")
        visit.check("vehicles")

        visit.context.clear_cookies()
        visit.context.add_cookies([door])
        if language != "en":
            host = live_server.url.split("//", 1)[1].split(":")[0]
            visit.context.add_cookies(
                [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
            )
        visit.goto(f"/manage/{slug}/checkin/")
        page.locator("#count-entered").filter(has_text=":").wait_for()
        visit.check("scanner")
        page.locator("#code").fill(codes[size])
        page.locator("#code").press("Enter")
        page.locator("#result.result-green").wait_for()
        visit.check("scanner-green")
        page.keyboard.press("Escape")
