"""A new organizer sets up a second summit from /manage/ and a delegate registers on it,
never through /admin/: the summit from blank, a category, a zone, a question and a team
member (invited by email, joining through the link), then publication and a registration
that answers the question."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.summit.models import AccessZone, Event
from events.teams.models import Role, TeamMembership
from events.teams.services import team_member_add
from notifications.models import Message
from registrations.registration.models import Question, Registration

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "ocean-security-forum"


def sign_in(page, device) -> None:
    page.locator("#id_username").fill("founder")
    page.locator("#id_password").fill("correct horse battery")
    page.locator("#id_password").press("Enter")
    page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
    page.locator("#id_code").press("Enter")


def save(page, visit, name: str) -> None:
    """Check the filled form with axe, then press its main button and wait for the page."""
    visit.check(name)
    with page.expect_navigation():
        page.locator("form.form button[type=submit].button:not(.button-danger)").first.click()


def test_an_admin_sets_up_a_summit_from_blank_and_a_delegate_registers_on_it(demo, open_visit):
    organizer = get_user_model().objects.create_user(
        "founder", email="founder@example.org", password="correct horse battery"
    )
    team_member_add(event=demo, user=organizer, role=Role.ADMIN)
    device = TOTPDevice.objects.create(user=organizer, name="phone", confirmed=True)

    visit = open_visit("en", "desktop")
    page = visit.page
    visit.goto("/manage/")
    sign_in(page, device)
    page.wait_for_url(re.compile(r"/manage/$"))

    # A summit from blank, in English and Arabic.
    page.locator("a", has_text="New summit").click()
    page.wait_for_url(re.compile(r"/manage/events/new/$"))
    page.locator("#id_slug").fill(SLUG)
    page.locator("#id_name_en").fill("Ocean Security Forum")
    page.locator("#id_venue_name_en").fill("Harbour Hall")
    page.locator("#id_timezone").select_option("Asia/Dubai")
    page.locator("#id_starts_at").fill("2030-03-10T09:00")
    page.locator("#id_ends_at").fill("2030-03-11T18:00")
    for code in ("fr", "es"):
        page.locator(f"input[name=languages][value={code}]").uncheck()
    save(page, visit, "console-new-summit")
    page.wait_for_url(re.compile(rf"/manage/{SLUG}/settings/$"))
    event = Event.objects.get(slug=SLUG)
    assert event.languages == ["en", "ar"]
    assert not event.is_published
    assert TeamMembership.objects.filter(event=event, user=organizer, role=Role.ADMIN).exists()

    # A zone, the main entrance.
    visit.goto(f"/manage/{SLUG}/settings/zones/new/")
    page.locator("#id_slug").fill("harbour-hall")
    page.locator("#id_name_en").fill("Harbour Hall")
    page.locator("#id_is_main_entrance").check()
    save(page, visit, "console-new-zone")
    page.wait_for_url(re.compile(rf"/manage/{SLUG}/settings/zones/$"))
    zone = AccessZone.objects.get(event=event, slug="harbour-hall")

    # A category that opens it.
    visit.goto(f"/manage/{SLUG}/settings/categories/new/")
    page.locator("#id_slug").fill("delegate")
    page.locator("#id_name_en").fill("Delegate")
    page.locator("#id_name_ar").fill("مندوب")
    page.locator("#id_capacity").fill("50")
    page.locator(f"input[name=zones][value='{zone.pk}']").check()
    page.locator("#id_is_public").check()
    page.locator("#id_requires_approval").uncheck()
    save(page, visit, "console-new-category")
    page.wait_for_url(re.compile(rf"/manage/{SLUG}/settings/categories/$"))
    category = event.categories.get(slug="delegate")
    assert list(category.zones.all()) == [zone]

    # A question with two choices, required.
    visit.goto(f"/manage/{SLUG}/settings/questions/new/")
    page.locator("#id_kind").select_option("choice")
    page.locator("#id_label_en").fill("Which workshop will you attend?")
    page.locator("#id_required").check()
    page.locator("#id_options-0-value").fill("maritime")
    page.locator("#id_options-0-label_en").fill("Maritime borders")
    page.locator("#id_options-1-value").fill("ports")
    page.locator("#id_options-1-label_en").fill("Port security")
    save(page, visit, "console-new-question")
    page.wait_for_url(re.compile(rf"/manage/{SLUG}/settings/questions/$"))
    question = Question.objects.get(event=event)

    # A team member, invited by email, who joins through the link.
    visit.goto(f"/manage/{SLUG}/settings/team/")
    page.locator("#id_email").fill("programme@example.org")
    page.locator("#id_role").select_option(Role.PROGRAMME)
    visit.check("console-team")
    with page.expect_navigation():
        page.locator("button", has_text="Send the invitation").click()
    assert "programme@example.org" in page.locator("main").inner_text()
    invitation_mail = Message.objects.get(kind="team.invitation", recipient="programme@example.org")
    link = re.search(r"/manage/invitations/[^/\s]+/", invitation_mail.body_text).group(0)

    member = open_visit("en", "phone")
    member.goto(link)
    member.check("console-invitation")
    member.page.locator("#id_first_name").fill("Nadia")
    member.page.locator("#id_last_name").fill("Rahman")
    member.page.locator("#id_password1").fill("tide charts and harbour lights")
    member.page.locator("#id_password2").fill("tide charts and harbour lights")
    with member.page.expect_navigation():
        member.page.locator("form.form button[type=submit]").first.click()
    nadia = get_user_model().objects.get(email="programme@example.org")
    assert TeamMembership.objects.filter(event=event, user=nadia, role=Role.PROGRAMME).exists()

    # Published: the public form opens, and asks the question.
    visit.goto(f"/manage/{SLUG}/settings/")
    page.locator("#id_is_published").check()
    save(page, visit, "console-publish")
    assert "The summit's settings are saved." in page.content()

    delegate = open_visit("en", "phone")
    delegate.goto(f"/e/{SLUG}/register/")
    form = delegate.page
    form.locator("input[name=category][value=delegate]").check()
    form.locator("#id_first_name").fill("Tomás")
    form.locator("#id_last_name").fill("Ferreira")
    form.locator("#id_organization").fill("Navy of Portugal")
    form.locator("#id_job_title").fill("Commander")
    form.locator("#id_email").fill("tomas.ferreira@example.org")
    form.locator("#id_country").select_option("PT")
    form.locator("#id_consent").check()
    # The required question unanswered: refused at its field, the rest kept.
    with form.expect_navigation():
        form.locator("form.form button[type=submit]").click()
    delegate.check("console-register-unanswered")
    assert form.locator(f"#id_q{question.pk}-field .error").is_visible()
    assert not Registration.objects.filter(event=event).exists()

    form.locator(f"#id_q{question.pk}").select_option("ports")
    form.locator("#id_consent").check()
    with form.expect_navigation():
        form.locator("form.form button[type=submit]").click()
    form.locator(".sent-to").wait_for()
    delegate.check("console-registered")

    registration = Registration.objects.get(event=event, email="tomas.ferreira@example.org")
    assert registration.category == category
    assert registration.answers.get(question=question).value == "ports"

    # The organizer sees the answer on the registration's page, in words.
    visit.goto(f"/manage/{SLUG}/registrations/{registration.reference}/")
    visit.check("console-registration")
    assert "Port security" in page.locator("main").inner_text()
