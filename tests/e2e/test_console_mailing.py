"""An officer's mailing to chosen registrants, in a real browser, delivered to a real SMTP server.

The admin signs in with a second factor, chooses recipients by filters on
/manage/<slug>/mailings/, writes the message in English and Arabic with placeholders,
previews it for one recipient and sends. The job that writes the messages runs when
the request commits (Celery eager, as everywhere in the tests); the outbox's dispatcher,
the task beat starts every few seconds, then sends them through Summit's SMTP backend to
an aiosmtpd server on loopback. What that server received is compared with the set the
filters choose, computed here from the database on its own.
"""

import re
from email import message_from_bytes, policy

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.teams.models import Role
from events.teams.services import team_member_add
from notifications.models import Message
from notifications.models import Status as MessageStatus
from notifications.tasks import dispatch_due
from registrations.badges.services import badge_current, badge_qr_text
from registrations.checkin.models import ZonePresence
from registrations.checkin.scan import ScanDevice, checkin_scan
from registrations.mailings.models import Mailing
from registrations.registration.forms_of_address import honorific
from registrations.registration.models import Registration, Status
from tests.notifications.smtp_sink import SmtpSink

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT = {
    "en": "Your seat at the plenary, {last_name}",
    "ar": "مقعدكم في الجلسة العامة، {last_name}",
}
BODY = {
    "en": "Dear {title} {first_name} {last_name},\n"
    "Your reference is {reference}. Your page: {personal_link}",
    "ar": "{title} {first_name} {last_name}،\nرقمكم المرجعي {reference}. صفحتكم: {personal_link}",
}
# Per size, the filters the officer picks (form field → value); the desktop run also
# narrows to one country's delegates, where English and Arabic speakers mix (see
# mixed_language_country: the demo's draws decide which country that is).
CASES = {
    "desktop": {"status": "approved", "category": "delegate", "checked_in": "no"},
    "phone": {"status": "approved", "category": "speaker", "checked_in": "no"},
}


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on a free loopback port; the live server's outbox sends to it."""
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "notifications.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


def mixed_language_country(event) -> str:
    """The country with the most approved delegates, at least three writing in English and
    three in Arabic: with two of them checked in, both languages still receive the mailing."""
    delegates = Registration.objects.filter(
        event=event, status="approved", category__slug="delegate"
    )
    mixed = (
        delegates.values("country")
        .annotate(
            total=Count("pk"),
            english=Count("pk", filter=Q(language="en")),
            arabic=Count("pk", filter=Q(language="ar")),
        )
        .filter(english__gte=3, arabic__gte=3, total__gte=7)
        .order_by("-total", "country")
    )
    return mixed[0]["country"]


def matching(event, filters: dict):
    """Those of the status, category (and country) chosen, from the tables, without the
    mailing's code."""
    rows = Registration.objects.filter(
        event=event, status=filters["status"], category__slug=filters["category"]
    )
    return rows.filter(country=filters["country"]) if "country" in filters else rows


def chosen_in_database(event, filters: dict) -> set[str]:
    """The references the filters choose: the matching ones not inside any zone."""
    inside = ZonePresence.objects.filter(registration__event=event).values("registration")
    rows = matching(event, filters).exclude(pk__in=inside)
    return set(rows.values_list("reference", flat=True))


def check_in_two(event, filters: dict) -> list[Registration]:
    """Two of those the other filters choose pass the main entrance: the mailing skips them."""
    inside = list(matching(event, filters).order_by("pk")[:2])
    for registration in inside:
        code = badge_qr_text(badge_current(registration=registration))
        outcome = checkin_scan(event=event, device=ScanDevice(label="main gate"), code=code)
        assert outcome.result == "accepted"
    return inside


def expected_letter(registration: Registration, language: str, site: str) -> tuple[str, str]:
    values = {
        "title": honorific(title=registration.title, gender=registration.gender, language=language),
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "reference": registration.reference,
        "personal_link": f"{site}/me/{registration.secret_token}/",
    }
    return SUBJECT[language].format(**values), BODY[language].format(**values)


def sign_in_with_second_factor(visit, path: str, username: str, password: str, device) -> None:
    page = visit.page
    visit.goto(path)
    assert "/manage/login/" in page.url
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.locator("#id_code").wait_for()
    page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
    page.locator("#id_code").press("Enter")
    page.wait_for_url(re.compile(re.escape(path) + "$"))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_mailing_to_a_filtered_set_reaches_exactly_that_set_in_each_ones_language(
    demo, open_visit, live_server, smtp_sink, size
):
    filters = dict(CASES[size])
    if size == "desktop":
        filters["country"] = mixed_language_country(demo)
    admin = get_user_model().objects.create_user("chief", password="chief of protocol pw")
    team_member_add(event=demo, user=admin, role=Role.ADMIN)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    checked_in = check_in_two(demo, filters)
    chosen = chosen_in_database(demo, filters)
    registrants = {r.reference: r for r in Registration.objects.filter(reference__in=chosen)}
    languages = {reference: registrant.language for reference, registrant in registrants.items()}
    # The set is worth the test: several people, writing in English and in Arabic.
    assert len(chosen) >= 5
    assert {"en", "ar"} <= set(languages.values())
    assert not {r.reference for r in checked_in} & chosen
    others = Registration.objects.filter(event=demo).exclude(reference__in=chosen)
    assert others.filter(status=Status.APPROVED).exists()
    # What the demo's seeding queued (confirmations, vetting) goes out first, so that all
    # the server receives from here on is the mailing.
    dispatch_due.delay()
    before = smtp_sink.count()
    assert not Message.objects.filter(status=MessageStatus.QUEUED).exists()

    visit = open_visit("en", size)
    page = visit.page
    path = f"/manage/{demo.slug}/mailings/"
    sign_in_with_second_factor(visit, path, "chief", "chief of protocol pw", device)
    visit.check("mailing-write")

    page.locator("#id_status").select_option(filters["status"])
    page.locator("#id_category").select_option(filters["category"])
    if "country" in filters:
        page.locator("#id_country").select_option(filters["country"])
    page.locator("#id_checked_in").select_option(filters["checked_in"])
    for language in ("en", "ar"):
        page.locator(f"#id_subject_{language}").fill(SUBJECT[language])
        page.locator(f"#id_body_{language}").fill(BODY[language])
    # The preview for one recipient who reads Arabic: their message as they will get it.
    arabic = registrants[min(ref for ref, language in languages.items() if language == "ar")]
    page.locator("#id_preview_reference").fill(arabic.reference)
    page.locator("button[name=preview]").click()
    preview = page.locator("#preview")
    preview.wait_for()
    visit.check("mailing-preview")
    assert f"This mailing reaches {len(chosen)} registrants." in preview.inner_text()
    subject, body = expected_letter(arabic, "ar", live_server.url)
    assert preview.locator("strong[lang=ar]").inner_text() == subject
    assert preview.locator("pre.mail-preview").inner_text() == body
    assert smtp_sink.count() == before  # a preview sends nothing

    # What was written stays on the page after the preview; sending takes it as it is.
    assert page.locator("#id_body_ar").input_value() == BODY["ar"]
    page.locator("button[name=send]").click()
    page.wait_for_url(re.compile(r"/mailings/\d+/$"))
    mailing = Mailing.objects.get(event=demo)
    assert mailing.filters == filters
    assert Message.objects.filter(kind="mailing").count() == len(chosen)

    # The outbox's dispatcher, as beat starts it, sends to the SMTP server.
    dispatch_due.delay()
    deliveries = smtp_sink.deliveries[before:]
    received = {}
    for delivery in deliveries:
        assert len(delivery.recipients) == 1
        received.setdefault(delivery.recipients[0], []).append(delivery)
    by_email = {registrant.email: registrant for registrant in registrants.values()}
    # Exactly the chosen set, each once; nobody else (the two inside, the rest of the summit).
    assert set(received) == set(by_email)
    assert len(deliveries) == len(chosen)
    for email, (delivery,) in received.items():
        registrant = by_email[email]
        language = "ar" if registrant.language == "ar" else "en"  # fr, es: the main language
        subject, body = expected_letter(registrant, language, live_server.url)
        message = message_from_bytes(delivery.content, policy=policy.default)
        # The sink decodes the subject's encoded words (folded after "Subject:", as
        # Django writes a long non-ASCII subject) as a mail reader does.
        assert delivery.subject == subject
        assert message["Content-Language"] == language
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert body in text.replace("\r\n", "\n")
        assert "{" not in text

    # The mailing's page: every recipient's message sent.
    page.reload()
    page.wait_for_load_state("load")
    visit.check("mailing-sent")
    facts = page.locator("dl.facts")
    assert facts.locator("div", has_text="Recipients").locator("dd").inner_text() == str(
        len(chosen)
    )
    assert facts.locator("div", has_text="Failed").locator("dd").inner_text() == "0"
    rows = page.locator("table tbody tr")
    assert rows.count() == len(chosen)
    shown = {}
    for index in range(rows.count()):
        cells = rows.nth(index).locator("td")
        shown[cells.nth(0).inner_text().strip()] = cells.nth(3).inner_text().strip()
    assert shown == dict.fromkeys(chosen, "Sent")
    assert set(Message.objects.filter(kind="mailing").values_list("status", flat=True)) == {
        MessageStatus.SENT
    }
