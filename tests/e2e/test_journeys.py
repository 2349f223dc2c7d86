"""The people who use Summit, in a real browser: delegates, an officer, the door staff.

Every page they pass through is checked with axe-core and photographed (see conftest).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.badges.services import badge_current, badge_qr_text
from registrations.registration.models import Registration, Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def focus_is_visible(page) -> bool:
    """The focused element draws an outline (or a box shadow) the user can see."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const style = getComputedStyle(el);
            return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                || style.boxShadow !== 'none';
        }"""
    )


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element is focused, checking that each stop shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            assert focus_is_visible(page), f"no visible focus on {selector}"
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_delegate_registers_in_english_by_keyboard_fixes_errors_and_builds_an_agenda(
    demo, open_visit
):
    visit = open_visit("en", "desktop")
    page = visit.page
    visit.goto(f"/e/{demo.slug}/register/")
    visit.check("journey-register")

    # Keyboard only: the skip link comes first, then the fields in reading order.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    assert focus_is_visible(page)
    tab_to(page, "input[name=category][value=delegate]")
    page.keyboard.press("Space")
    type_into(page, "#id_first_name", "Amelia")
    type_into(page, "#id_last_name", "Grant")
    type_into(page, "#id_organization", "Ministry of the Interior")
    type_into(page, "#id_email", "amelia.grant@example")  # no dot in the domain: refused
    page.keyboard.press("Enter")

    summary = page.locator("#error-summary")
    summary.wait_for()
    visit.check("journey-register-errors")
    assert "Email" in summary.inner_text()
    assert "Job title" in summary.inner_text()
    assert page.locator("#id_job_title-field .error").is_visible()
    # What was typed stays, so only the mistakes need typing again.
    assert page.locator("#id_first_name").input_value() == "Amelia"

    page.locator("#error-summary a[href='#id_email']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.locator("#id_email").fill("")
    page.keyboard.type("amelia.grant@example.org")
    type_into(page, "#id_job_title", "Director of Border Security")
    page.locator("#id_country").select_option("GB")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "form.form button[type=submit]")
    page.keyboard.press("Enter")

    page.locator(".sent-to").wait_for()
    visit.check("journey-registered")
    assert page.locator(".sent-to").inner_text() == "amelia.grant@example.org"
    registration = Registration.objects.get(event=demo, email="amelia.grant@example.org")

    visit.goto(f"/me/{registration.secret_token}/")
    visit.check("journey-registrant")
    assert "Welcome" in page.locator("h1").inner_text()
    titles = []
    for _ in range(3):
        add = page.locator("#agenda details[open] button", has_text="Add").first
        title = add.locator(".visually-hidden").inner_text().strip()
        add.click()
        page.wait_for_load_state("load")
        titles.append(title)
    chosen = page.locator("#agenda .session-list").first.inner_text()
    for title in titles:
        assert title in chosen
    visit.check("journey-registrant-agenda")

    with page.expect_download() as download_info:
        page.locator("a", has_text="Download (.ics)").click()
    ics = download_info.value.path().read_text()
    assert ics.startswith("BEGIN:VCALENDAR")
    assert ics.count("BEGIN:VEVENT") == 3
    for title in titles:
        assert title[:30] in ics.replace("\r\n ", "")


def test_delegate_registers_in_arabic_on_a_phone_and_keeps_the_arabic_name(demo, open_visit):
    visit = open_visit("en", "phone")
    page = visit.page
    visit.goto(f"/e/{demo.slug}/register/")
    page.locator(".language-switcher button[lang=ar]").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    visit.check("journey-register")
    # Right to left: the heading starts at the right edge of the phone.
    box = page.locator("h1").bounding_box()
    assert box["x"] + box["width"] > 390 - 40
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.locator("input[name=category][value=delegate]").check()
    page.locator("#id_first_name").fill("Fatima")
    page.locator("#id_last_name").fill("Al Mansoori")
    page.locator("#id_name_ar").fill("فاطمة المنصوري")
    page.locator("#id_organization").fill("وزارة الداخلية")
    page.locator("#id_job_title").fill("مديرة")
    page.locator("#id_country").select_option("AE")
    page.locator("#id_email").fill("fatima@example.ae")
    page.locator("#id_consent").check()
    page.locator("form.form button[type=submit]").click()
    page.locator(".sent-to").wait_for()
    visit.check("journey-registered")

    registration = Registration.objects.get(event=demo, email="fatima@example.ae")
    assert registration.name_ar == "فاطمة المنصوري"
    visit.goto(f"/me/{registration.secret_token}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    visit.check("journey-registrant")


def test_officer_signs_in_with_two_factors_approves_from_the_list_and_reissues_the_badge(
    demo, open_visit
):
    officer = get_user_model().objects.create_user("officer", password="correct horse battery")
    team_member_add(event=demo, user=officer, role=Role.ACCREDITATION)
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    waiting = Registration.objects.filter(event=demo, status=Status.PENDING).first()

    visit = open_visit("en", "desktop")
    page = visit.page
    visit.goto(f"/manage/{demo.slug}/registrations/")
    assert "/manage/login/" in page.url
    visit.check("journey-login")
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("correct horse battery")
    page.locator("#id_password").press("Enter")
    page.locator("#id_code").wait_for()
    visit.check("journey-two-factor")
    page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
    page.locator("#id_code").press("Enter")

    page.wait_for_url(re.compile(r"/registrations/"))
    page.locator("#f-search").fill(waiting.reference)
    page.locator("#f-search").press("Enter")
    page.wait_for_load_state("load")
    visit.check("journey-registrations")
    page.locator(f"#sel-{waiting.reference}").check()
    page.locator("button", has_text="Approve selected").click()
    page.wait_for_load_state("load")
    visit.check("journey-approved")
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED
    row = page.locator("tr", has_text=waiting.reference)
    assert "Approved" in row.inner_text()

    row.locator("a", has_text=waiting.reference).click()
    page.locator("a", has_text="Badge: print or reissue").click()
    page.wait_for_load_state("load")
    visit.check("journey-badge")
    before = badge_current(registration=waiting)
    page.locator("#reason").fill("Lost at the hotel")
    page.locator("#reason").press("Enter")
    page.wait_for_load_state("load")
    # Reissuing cannot be undone: a confirmation page first, the reason carried along.
    visit.check("journey-badge-reissue-confirm")
    assert page.locator("#reason").input_value() == "Lost at the hotel"
    assert badge_current(registration=waiting) == before
    page.locator("button", has_text="Reissue badge").click()
    page.wait_for_load_state("load")
    visit.check("journey-badge-reissued")
    after = badge_current(registration=waiting)
    assert after.version == (before.version if before else 0) + 1
    assert page.locator("dd", has_text=f"v{after.version}").first.is_visible()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_door_staff_scan_green_then_amber_then_red_with_a_keyboard_wedge(demo, open_visit, size):
    door = get_user_model().objects.create_user("door", password="door staff password")
    team_member_add(event=demo, user=door, role=Role.CHECKIN)
    guest = Registration.objects.filter(event=demo, status=Status.APPROVED).first()
    code = badge_qr_text(badge_current(registration=guest))
    forged = code[:-6] + ("AAAAAA" if not code.endswith("AAAAAA") else "BBBBBB")

    visit = open_visit("en", size)
    page = visit.page
    visit.goto(f"/manage/{demo.slug}/checkin/")
    page.locator("#id_username").fill("door")
    page.locator("#id_password").fill("door staff password")
    page.locator("#id_password").press("Enter")
    page.locator("#code").wait_for()
    visit.check("journey-scanner")
    assert page.evaluate("document.activeElement.id") == "code"

    def scan(text: str, colour: str) -> str:
        # A keyboard-wedge scanner types the code into the focused field, then Enter.
        page.keyboard.type(text, delay=0)
        page.keyboard.press("Enter")
        result = page.locator(f"#result.result-{colour}")
        result.wait_for()
        verdict = result.locator("#result-verdict").inner_text()
        visit.check(f"journey-scan-{colour}")
        page.keyboard.press("Escape")
        page.locator("#result").wait_for(state="hidden")
        return verdict

    assert scan(code, "green") == "Accepted"
    assert "Already" in scan(code, "amber")
    scan(forged, "red")
    assert page.locator("#recent li").count() == 3
    # An exit says goodbye in grey, not a welcome in green.
    page.locator("input[name=direction][value=out]").check()
    page.locator("#code").focus()
    assert scan(code, "neutral") == "Left"
    assert page.locator("#result-message").inner_text() == "Goodbye."
    assert page.locator("#recent li").first.inner_text().endswith("— Left")
    # The list is the server's after a reload: newest first, in words.
    page.reload()
    rows = page.locator("#recent li")
    assert rows.count() == 4
    assert rows.first.inner_text().endswith("— Left")
    assert rows.nth(1).inner_text().endswith("— Invalid code")
    assert page.locator(".hint-keyboard").first.is_visible()
    assert not page.locator(".hint-touch").first.is_visible()


def test_a_touch_screen_scanner_hints_at_tapping_not_at_keys(demo, browser, live_server):
    door = get_user_model().objects.create_user("door", password="door staff password")
    team_member_add(event=demo, user=door, role=Role.CHECKIN)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/manage/{demo.slug}/checkin/")
        page.locator("#id_username").fill("door")
        page.locator("#id_password").fill("door staff password")
        page.locator("#id_password").press("Enter")
        page.locator("#code").wait_for()
        label = page.locator("label[for=code]").inner_text()
        assert "tap Check" in label
        assert "press Enter" not in label
        assert not page.locator(".hint-keyboard").first.is_visible()
    finally:
        context.close()
