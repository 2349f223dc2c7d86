"""An accreditation officer imports a ministry's spreadsheet in a real browser: the bad rows
are refused row by row, the officer fixes the file, checks it again and imports it."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook

from events.teams.models import Role
from events.teams.services import team_member_add
from registrations.registration.models import Registration

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = ["Category", "First name", "Last name", "Email", "Organization", "Job title", "Country"]


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def person(n: int, *, email: str = "", category: str = "Delegate") -> list:
    return [
        category,
        "Leila",
        f"Imported{n}",
        email or f"imported{n}@example.org",
        "Ministry of Foreign Affairs",
        "Counsellor",
        "Morocco",
    ]


def test_an_officer_imports_an_excel_file_whose_bad_rows_are_refused_then_fixed(
    demo, open_visit, tmp_path
):
    officer = get_user_model().objects.create_user("importer", password="correct horse battery")
    team_member_add(event=demo, user=officer, role=Role.ACCREDITATION)
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    bad = tmp_path / "ministry.xlsx"
    bad.write_bytes(
        workbook(
            [
                person(1),
                person(2, email="imported2-at-example.org"),
                person(3, category="Astronaut"),
            ]
        )
    )
    fixed = tmp_path / "ministry-fixed.xlsx"
    fixed.write_bytes(workbook([person(1), person(2), person(3)]))

    visit = open_visit("en", "desktop")
    page = visit.page
    visit.goto(f"/manage/{demo.slug}/registrations/")
    page.locator("#id_username").fill("importer")
    page.locator("#id_password").fill("correct horse battery")
    page.locator("#id_password").press("Enter")
    page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
    page.locator("#id_code").press("Enter")
    page.wait_for_url(re.compile(r"/registrations/"))
    page.locator("a", has_text="Import").first.click()
    page.wait_for_load_state("load")
    visit.check("import-upload")

    page.locator("#id_file").set_input_files(str(bad))
    page.locator("button", has_text="Upload and choose the columns").click()
    page.wait_for_url(re.compile(r"/registrations/import/\d+/"))
    visit.check("import-columns")
    # The headers chose their fields.
    assert page.locator("#id_column_3").input_value() == "email"
    assert page.locator("#id_column_0").input_value() == "category"
    page.locator("#id_consent").check()
    page.locator("button", has_text="Check the file").click()
    page.locator("#check-errors").wait_for()
    visit.check("import-refused")
    assert "2 of the 3 rows have errors; nothing was written." in page.inner_text("#check")
    line_3 = page.locator("#check-errors tr", has_text="imported2-at-example.org")
    assert "Enter a valid email address." in line_3.inner_text()
    assert line_3.locator("td").first.inner_text() == "3"
    line_4 = page.locator("#check-errors tr", has_text="Astronaut")
    assert line_4.locator("td").first.inner_text() == "4"
    assert not Registration.objects.filter(email__startswith="imported").exists()

    page.locator("a", has_text="Upload another file").click()
    page.locator("#id_file").set_input_files(str(fixed))
    page.locator("button", has_text="Upload and choose the columns").click()
    page.wait_for_url(re.compile(r"/registrations/import/\d+/"))
    page.locator("#id_consent").check()
    page.locator("button", has_text="Check the file").click()
    page.locator("#check-message", has_text="No errors in the 3 rows").wait_for()
    page.locator("#apply", has_text="Import 3 registrations").click()
    page.wait_for_load_state("load")
    page.locator("#job-status", has_text="Done").wait_for()
    visit.check("import-done")
    assert "Registered" in page.inner_text("main")

    visit.goto(f"/manage/{demo.slug}/registrations/?search=Imported")
    visit.check("import-registrations")
    for n in (1, 2, 3):
        assert page.locator("tr", has_text=f"Imported{n}").count() == 1
    assert Registration.objects.filter(event=demo, email__startswith="imported").count() == 3
