"""The form builder in a browser: an admin adds a choice question, drags it to the top
(the order is saved by static/js/questions_order.js), and the pages pass axe."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.registration.models import Question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def order_of(event) -> list[str]:
    return [q.label.in_language("en") for q in event.questions.order_by("position", "pk")]


def test_an_admin_adds_a_question_and_drags_it_to_the_top(demo, open_visit):
    admin = get_user_model().objects.create_user("admin", password="correct horse battery")
    team_member_add(event=demo, user=admin, role=Role.ADMIN)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    demo.questions.all().delete()  # the demo's own question: this summit starts without
    for position, label in enumerate(["Dietary needs?", "Arrival day?"]):
        Question.objects.create(
            event=demo, label={"en": label}, kind=Question.Kind.TEXT, position=position
        )

    visit = open_visit("en", "desktop")
    page = visit.page
    visit.goto(f"/manage/{demo.slug}/settings/questions/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("correct horse battery")
    page.locator("#id_password").press("Enter")
    page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
    page.locator("#id_code").press("Enter")
    page.wait_for_url(re.compile(r"/settings/questions/$"))
    visit.check("questions-list")

    page.locator("a", has_text="Add a question").click()
    page.locator("#id_kind").select_option("choice")
    page.locator("#id_label_en").fill("Which workshop?")
    page.locator("#id_options-0-value").fill("cyber")
    page.locator("#id_options-0-label_en").fill("Cybercrime")
    page.locator("#id_options-1-value").fill("trade")
    page.locator("#id_options-1-label_en").fill("Trade")
    visit.check("question-form")
    page.locator("button", has_text="Save").click()
    page.wait_for_url(re.compile(r"/settings/questions/$"))
    assert "The question is saved." in page.content()
    assert order_of(demo) == ["Dietary needs?", "Arrival day?", "Which workshop?"]

    new_row = page.locator("tr", has_text="Which workshop?")
    page.drag_and_drop(
        "tr:has-text('Which workshop?') td:first-child",
        "tr:has-text('Dietary needs?') td:nth-child(2)",
    )
    page.locator("#questions-order-status", has_text="The new order is saved.").wait_for()
    assert order_of(demo) == ["Which workshop?", "Dietary needs?", "Arrival day?"]
    # The buttons follow the new order: the top row cannot move up.
    assert new_row.locator('button[value="up"]').is_disabled()
    assert (
        not page.locator("tr", has_text="Arrival day?").locator('button[value="up"]').is_disabled()
    )

    # Without the script's help, the buttons move it down again.
    new_row.locator('button[value="down"]').click()
    page.wait_for_load_state("load")
    assert order_of(demo) == ["Dietary needs?", "Which workshop?", "Arrival day?"]
