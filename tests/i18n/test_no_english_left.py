"""No English left on a page or in an email in any of the interface languages.

Per language of settings.LANGUAGES (English aside):

- the catalogue (locale/<lang>/LC_MESSAGES/django.po) translates every msgid, with no
  fuzzy entry and the language's number of plural forms, and the compiled .mo says the
  same;
- every public and organizer page of the demo summit and every email template, rendered
  in that language, show no English interface string: no msgid of the catalogues (of two
  words and eight characters at least, so that "Total" or "Code" give no false alarms)
  that the language translates differently, and no line that reads as English (two
  English function words), which catches text never marked for translation. What the
  demo data holds (names, titles, organizations…) is user content, taken out first.

Printed documents (badge, vehicle pass, seating list) are left out here: a badge and a
vehicle pass print the event's badge languages, not the reader's, and the seating list
the officer's; tests/registrations/badges/test_badge_languages.py and
tests/registrations/printing/test_document_languages.py read their text back.

Each test reports every leftover at once, as "where: string".
"""

import io
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client, override_settings
from django.utils import timezone

from agenda.bilaterals.models import BilateralMeeting
from agenda.programme.models import Room, Session, Track
from agenda.releases.models import ScheduleRelease, SessionRelease
from events.summit.models import Event
from events.teams.invitations import invitation_digest
from events.teams.models import Role, TeamInvitation, TeamMembership
from events.teams.services import team_member_add
from events.tokens.models import ApiToken
from notifications.models import Message
from notifications.rendering import email_render
from registrations.registration.models import Registration, Status
from registrations.registration.views import SESSION_SUBMITTED_EMAIL
from registrations.vehicles.models import VehiclePass
from tests.conftest import OrganizerClient

LOCALE = Path(settings.BASE_DIR) / "locale"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
DEMO_SLUG = "unity-for-security"
TEAM_INVITATION_SECRET = "i18n-team-invitation-secret-0123456789abcdef"
# CLDR plural categories: Arabic has zero, one, two, few, many and other.
PLURAL_FORMS = {"ar": 6, "fr": 2, "es": 2}
# Catalogues written for the first time by another branch may not exist in this one yet;
# these two never may be missing.
REQUIRED = {"ar", "fr"}
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# The apps whose rows are the summit's content (names, titles…), never interface text.
CONTENT_APPS = {"events", "registrations", "agenda", "notifications", "auth"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")
# Words of English that French and Spanish never use (not "on", "an", "has"…).
ENGLISH_WORDS = frozenset(
    [
        "the",
        "your",
        "you",
        "of",
        "and",
        "is",
        "are",
        "to",
        "for",
        "with",
        "this",
        "that",
        "from",
        "have",
        "been",
        "was",
        "were",
        "will",
        "in",
        "at",
        "by",
    ]
)


def catalogue_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def catalogue(language: str) -> polib.POFile:
    path = catalogue_path(language)
    if not path.exists():
        if language in REQUIRED:
            pytest.fail(f"{path} is missing")
        pytest.skip(f"no {language} catalogue in this branch yet ({path} is missing)")
    return polib.pofile(str(path))


def present_catalogues() -> dict[str, polib.POFile]:
    return {
        code: polib.pofile(str(catalogue_path(code)))
        for code in LANGUAGES
        if catalogue_path(code).exists()
    }


# --- The catalogues -------------------------------------------------------------------------


def catalogue_problems(language: str, po: polib.POFile) -> list[str]:
    expected_plurals = PLURAL_FORMS.get(language, 2)
    problems = []
    header = po.metadata.get("Plural-Forms", "").replace(" ", "")
    if f"nplurals={expected_plurals};" not in header:
        problems.append(f"header: Plural-Forms is {header!r}, expected nplurals={expected_plurals}")
    for entry in po:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if len(forms) != expected_plurals:
                problems.append(f"{len(forms)} plural forms: {entry.msgid!r}")
            if not all(form.strip() for form in forms.values()):
                problems.append(f"untranslated plural form: {entry.msgid!r}")
        elif not entry.msgstr.strip():
            problems.append(f"untranslated: {entry.msgid!r}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_translates_every_msgid_with_the_right_plural_forms(language):
    po = catalogue(language)
    problems = catalogue_problems(language, po)
    mo_path = catalogue_path(language).with_suffix(".mo")
    compiled = {}
    if mo_path.exists():
        compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    stale = [
        e.msgid for e in po if not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    if stale:
        problems.append(f"{mo_path} is stale ({len(stale)} entries differ): run compilemessages")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def a_translated_phrase(po: polib.POFile) -> polib.POEntry:
    return next(
        e
        for e in po
        if not e.msgid_plural
        and e.msgstr
        and not PLACEHOLDER.search(e.msgid)
        and len(WORD.findall(e.msgid)) >= 3
    )


def test_a_french_catalogue_with_one_translation_deleted_fails_the_check():
    po = catalogue("fr")
    entry = a_translated_phrase(po)
    entry.msgstr = ""

    assert catalogue_problems("fr", po) == [f"untranslated: {entry.msgid!r}"]


def test_the_english_string_is_found_but_its_translation_and_user_content_are_not():
    po = catalogue("fr")
    entry = a_translated_phrase(po)
    page = {"/a/page/": f"Sommet\n{entry.msgid}"}

    assert english_left("fr", page, content=set(), po=po) == [f"/a/page/: {entry.msgid}"]
    assert english_left("fr", {"/a/page/": entry.msgstr}, content=set(), po=po) == []
    assert english_left("fr", page, content={entry.msgid}, po=po) == []


def test_a_line_never_marked_for_translation_is_found_too():
    page = {"/a/page/": "Liste des places\nPrinted by the officer of the day"}

    assert english_left("fr", page, content=set()) == [
        "/a/page/: reads as English: Printed by the officer of the day"
    ]
    assert (
        english_left("fr", {"/a/page/": "Imprimé par le responsable du jour"}, content=set()) == []
    )


# --- Finding English in rendered text -------------------------------------------------------


def _normalized(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


class VisibleText(HTMLParser):
    """The text a person reads or hears: text nodes and the attributes shown or spoken."""

    SPOKEN = ("alt", "title", "placeholder", "aria-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        attributes = dict(attrs)
        self.chunks += [attributes[name] for name in self.SPOKEN if attributes.get(name)]
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.chunks.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.chunks.append(data)


def html_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(_normalized(chunk) for chunk in parser.chunks if chunk.strip())


def json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [_normalized(value)]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in json_strings(item)]


def _patterns(msgid: str) -> list[tuple[str, re.Pattern]]:
    """A msgid as searchable pieces: split at HTML tags, placeholders match any text."""
    found = []
    for piece in TAG.split(msgid):
        piece = _normalized(piece)
        literal = PLACEHOLDER.sub(" ", piece)
        if len(WORD.findall(literal)) < 2 or len(literal.strip()) < 8:
            continue
        parts = [re.escape(part) for part in PLACEHOLDER.split(piece)]
        regex = re.compile(r"(?<!\w)" + r"[^\n]*?".join(parts) + r"(?!\w)", re.IGNORECASE)
        longest = max(PLACEHOLDER.split(piece), key=len).strip().lower()
        found.append((longest, regex))
    return found


def english_strings(language: str, po: polib.POFile) -> dict[str, list]:
    """English interface strings that must not appear in `language`: msgid → patterns."""
    translated = {}
    for entry in po:
        if entry.msgid_plural:
            translated[entry.msgid] = entry.msgstr_plural.get(0, "")
            translated[entry.msgid_plural] = entry.msgstr_plural.get(1, "")
        else:
            translated[entry.msgid] = entry.msgstr
    english = set(translated)
    for other in present_catalogues().values():
        for entry in other:
            english |= {entry.msgid, *([entry.msgid_plural] if entry.msgid_plural else [])}
    strings, seen = {}, set()
    for msgid in sorted(english):
        folded = _normalized(msgid).lower()
        # Kept as is ("Outlook.com") or quoted in the translation ("… (Message-ID)").
        if folded in _normalized(translated.get(msgid) or "").lower() or folded in seen:
            continue
        seen.add(folded)
        if patterns := _patterns(msgid):
            strings[msgid] = patterns
    return strings


def reads_as_english(line: str) -> bool:
    # Words between spaces only: "unity-for-security/head-of-delegation" is a slug.
    words = {token.strip(".,;:!?()“”\"'").lower() for token in line.split()}
    return len(words & ENGLISH_WORDS) >= 2


def english_left(
    language: str, documents: dict[str, str], *, content: set[str], po=None
) -> list[str]:
    """Every "<document>: <English string>" found in the documents' visible text."""
    strings = english_strings(language, po or catalogue(language))
    # A single word of content ("plenary", a slug) would cut interface strings apart.
    by_length = sorted((v for v in content if len(v.split()) >= 2), key=len, reverse=True)
    leftovers = []
    for where, text in documents.items():
        # Content becomes "…", which a msgid's placeholder matches ("Your registration for …").
        for value in by_length:
            text = text.replace(value, "\u2026")
        lowered = text.lower()
        found = [
            msgid
            for msgid, patterns in strings.items()
            if any(longest in lowered and regex.search(text) for longest, regex in patterns)
        ]
        # "Your badge" inside a whole English sentence is one leftover, not two.
        leftovers += [
            f"{where}: {msgid}"
            for msgid in found
            if not any(msgid.lower() in other.lower() for other in found if other != msgid)
        ]
        leftovers += [
            f"{where}: reads as English: {line}"
            for line in text.splitlines()
            if reads_as_english(line) and not any(msgid.lower() in line.lower() for msgid in found)
        ]
    return leftovers


def user_content() -> set[str]:
    """Every text value the database holds for the summit: it shows as it was entered."""
    values: set[str] = set()

    def collect(value):
        if isinstance(value, str):
            if len(value.strip()) >= 3:
                values.add(_normalized(value))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for model in apps.get_models():
        if model._meta.app_label not in CONTENT_APPS:
            continue
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField, models.JSONField))
            and not field.choices
        ]
        if fields:
            for row in model.objects.values_list(*fields):
                collect(list(row))
    return values


# --- The demo summit, once for all languages ------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded demo summit, kept for the module's tests and rolled back after them."""
    media = tmp_path_factory.mktemp("media")
    var = tmp_path_factory.mktemp("var")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, VAR_DIR=var),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        event = Event.objects.get(slug=DEMO_SLUG)
        organizer = get_user_model().objects.create_user("i18n-admin", email="i18n@example.org")
        team_member_add(event=event, user=organizer, role=Role.ADMIN)
        # A pending team invitation (the team page lists it; its link's page asks for a
        # password, since the address has no account).
        TeamInvitation.objects.create(
            event=event,
            email="new.officer@example.org",
            role=Role.ACCREDITATION,
            language="en",
            invited_by_label="Amina Haddad",
            digest=invitation_digest(TEAM_INVITATION_SECRET),
            expires_at=timezone.now() + timedelta(days=7),
        )
        yield SimpleNamespace(event=event, organizer=organizer)
        transaction.set_rollback(True)


def _client(language: str, client_class=Client):
    client = client_class(headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def public_pages(event) -> list[str]:
    slug = event.slug
    registrations = Registration.objects.filter(event=event)
    pages = ["/", f"/e/{slug}/", f"/e/{slug}/register/", f"/e/{slug}/register/done/"]
    pages += [f"/e/{slug}/lost-link/", f"/e/{slug}/new-link-sent/", f"/e/{slug}/agenda/"]
    pages += [
        f"/e/{slug}/sessions/{pk}/"
        for pk in Session.objects.filter(event=event).values_list("pk", flat=True)
    ]
    published = SessionRelease.objects.filter(release__event=event, release__is_current=True)
    speakers = sorted({pk for s in published if not s.is_cancelled for pk in s.speaker_ids})
    pages += [f"/e/{slug}/speakers/{pk}/" for pk in speakers[:5]]
    for status in Status.values:
        registration = registrations.filter(status=status).first()
        if registration is not None:
            pages.append(f"/me/{registration.secret_token}/")
            if status == Status.APPROVED:
                # The confirmations of what cannot be undone.
                pages.append(f"/me/{registration.secret_token}/delete/")
                pages.append(f"/me/{registration.secret_token}/cancel/")
    for delegation in event.delegations.exclude(head=None):
        pages += [f"/d/{delegation.secret_token}/", f"/d/{delegation.secret_token}/bilaterals/"]
        pages.append(f"/d/{delegation.secret_token}/vehicles/")
        member = delegation.members.exclude(pk=delegation.head_id).first()
        if member is not None:
            pages.append(f"/d/{delegation.secret_token}/members/{member.reference}/remove/")
        meetings = BilateralMeeting.objects.filter(event=event).filter(
            models.Q(requester=delegation) | models.Q(counterpart=delegation)
        )
        pages += [
            f"/d/{delegation.secret_token}/bilaterals/{pk}/"
            for pk in meetings.values_list("pk", flat=True)
        ]
    pages.append("/manage/login/")
    return pages


def _an_import_page(event) -> str:
    """The mapping step of an uploaded file, its check done (rows with errors listed)."""
    from events.audit.services import Actor
    from events.jobs.services import job_run
    from registrations.imports.jobs import import_queue
    from registrations.imports.reading import table_read
    from registrations.imports.services import import_create

    content = b"Category,First name,Last name,Email\nnobody,Amina,Haddad,not-an-email\n"
    table = table_read(name="list.csv", content=content)
    imported = import_create(event=event, name="list.csv", table=table, actor=Actor.system())
    job_run(job_id=import_queue(imported=imported, actor=Actor.system(), apply=False).pk)
    return f"/manage/{event.slug}/registrations/import/{imported.pk}/"


def organizer_pages(event) -> list[str]:
    base = f"/manage/{event.slug}"
    registrations = Registration.objects.filter(event=event)
    pages = ["/manage/", f"{base}/", f"{base}/registrations/", f"{base}/invitations/"]
    pages += [f"{base}/delegations/", f"{base}/mailings/", f"{base}/settings/"]
    delegation = event.delegations.first()
    pages += [
        f"{base}/settings/delegations/",
        f"{base}/settings/delegations/new/",
        f"{base}/settings/delegations/{delegation.pk}/",
    ]
    pages += [f"{base}/settings/questions/", f"{base}/settings/questions/new/"]
    for question in event.questions.all()[:1]:
        pages += [
            f"{base}/settings/questions/{question.pk}/",
            f"{base}/settings/questions/{question.pk}/delete/",
        ]
    pages.append("/manage/events/new/")
    for kind, rows in (
        ("categories", event.categories),
        ("zones", event.zones),
        ("ranks", event.protocol_ranks),
    ):
        pages += [f"{base}/settings/{kind}/", f"{base}/settings/{kind}/new/"]
        pages.append(f"{base}/settings/{kind}/{rows.first().pk}/")
    pages += [f"{base}/registrations/import/", _an_import_page(event)]
    for status in Status.values:
        registration = registrations.filter(status=status).first()
        if registration is not None:
            pages.append(f"{base}/registrations/{registration.reference}/")
    approved = registrations.filter(status=Status.APPROVED).first()
    pages += [
        f"{base}/badges/",
        f"{base}/badges/?printed=no",
        f"{base}/badges/{approved.reference}/",
    ]
    pages.append(f"{base}/vehicles/")
    pages += [
        f"{base}/vehicles/{pk}/"
        for pk in VehiclePass.objects.filter(event=event).values_list("pk", flat=True)
    ]
    pages += [
        f"{base}/checkin/",
        f"{base}/checkin/dashboard/",
        f"{base}/vetting/",
        f"{base}/seating/",
    ]
    pages += [f"{base}/audit/", f"{base}/messages/"]
    pages += [f"{base}/messages/{pk}/" for pk in Message.objects.values_list("pk", flat=True)]
    pages += [f"{base}/agenda/", f"{base}/agenda/sessions/new/", f"{base}/agenda/release/"]
    pages.append(f"{base}/agenda/sessions/{Session.objects.filter(event=event).first().pk}/")
    pages += [f"{base}/agenda/rooms/", f"{base}/agenda/tracks/", f"{base}/agenda/bilaterals/"]
    pages.append(f"{base}/agenda/rooms/{Room.objects.filter(event=event).first().pk}/")
    pages.append(f"{base}/agenda/tracks/{Track.objects.filter(event=event).first().pk}/")
    pages += [
        f"{base}/agenda/bilaterals/{pk}/"
        for pk in BilateralMeeting.objects.filter(event=event).values_list("pk", flat=True)
    ]
    pages += ["/manage/two-factor/", "/manage/two-factor/setup/"]
    pages += [f"{base}/settings/team/", f"{base}/settings/tokens/"]
    membership = TeamMembership.objects.filter(event=event).first()
    pages.append(f"{base}/settings/team/{membership.pk}/remove/")
    session = Session.objects.filter(event=event).first()
    pages.append(f"{base}/agenda/sessions/{session.pk}/delete/")
    invitation = TeamInvitation.objects.filter(event=event).first()
    pages.append(f"{base}/settings/team/invitations/{invitation.pk}/cancel/")
    token = ApiToken.objects.filter(event=event, revoked_at=None).first()
    if token is not None:
        pages.append(f"{base}/settings/tokens/{token.pk}/revoke/")
    pages.append(f"/manage/invitations/{TEAM_INVITATION_SECRET}/")
    return pages


def render_pages(language: str, demo) -> dict[str, str]:
    event = demo.event
    documents, failures = {}, []
    visitor = _client(language)
    # The "check your inbox" page shows for the browser that just sent the form.
    session = visitor.session
    session[SESSION_SUBMITTED_EMAIL] = "new.delegate@example.org"
    session.save()
    organizer = _client(language, OrganizerClient)
    organizer.force_login(demo.organizer)
    for client, urls in ((visitor, public_pages(event)), (organizer, organizer_pages(event))):
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                failures.append(f"{url}: answered {response.status_code}")
                continue
            documents[url] = html_text(response.content.decode())
    errors = visitor.post(f"/e/{event.slug}/register/", {})
    documents[f"/e/{event.slug}/register/ (sent empty)"] = html_text(errors.content.decode())
    missing = visitor.get("/e/no-such-summit/")
    documents["/e/no-such-summit/ (404)"] = html_text(missing.content.decode())
    api = visitor.post(
        f"/api/v1/events/{event.slug}/registrations/",
        {"email": "x"},
        content_type="application/json",
    )
    documents[f"/api/v1/events/{event.slug}/registrations/ (sent invalid)"] = "\n".join(
        json_strings(api.json())
    )
    assert not failures, "\n".join(failures)
    return documents


# --- Emails ---------------------------------------------------------------------------------

BILATERAL_STEPS = [
    "requested",
    "counter_proposed",
    "confirmed",
    "declined",
    "cancelled",
    "moved",
    "room",
]
ACCOUNT_ACTIONS = [
    "two_factor.paired",
    "two_factor.replaced",
    "two_factor.removed",
    "two_factor.recovery_codes_replaced",
]
NOTE = "Agenda conflict with the plenary"
ACCOUNT_NAME = "Amina Haddad"


def email_templates() -> list[str]:
    return sorted(
        str(path.relative_to(TEMPLATES)).removesuffix("_subject.txt")
        for path in TEMPLATES.glob("*/email/*_subject.txt")
    )


def email_contexts(event) -> list[dict]:
    """One context with every variable any email uses, in each variant the templates branch on."""
    registration = Registration.objects.filter(event=event, status=Status.APPROVED).first()
    registration.decision_reason = NOTE
    registration.reason_visible = True
    delegation = event.delegations.exclude(head=None).first()
    meeting = BilateralMeeting.objects.filter(event=event).exclude(starts_at=None).first()
    open_meeting = next(
        (m for m in BilateralMeeting.objects.filter(event=event) if m.is_open), meeting
    )
    before, after = SessionRelease.objects.filter(release__event=event)[:2]
    change = {
        "before": before,
        "after": after,
        "role": "speaker",
        "url": "https://summit.example/s/1",
    }
    changes = [
        {**change, "moved": True, "room": True},
        {**change, "cancelled": True},
        {**change, "reinstated": True},
    ]
    common = {
        "registration": registration,
        "event": event,
        "page_url": "https://summit.example/me/token/",
        "delegation": delegation,
        "delegation_url": "https://summit.example/d/token/",
        "invitation": SimpleNamespace(
            code="INV-2027",
            category=registration.category,
            expires_at=event.starts_at - timedelta(days=7),
        ),
        "meeting": meeting,
        "other": meeting.other_side(meeting.requester_id),
        "slots": list(open_meeting.slots.all()),
        "note": NOTE,
        "session": after,
        "minutes": 30,
        "role": "speaker",
        "url": "https://summit.example/s/1",
        "release": ScheduleRelease.objects.filter(event=event).first(),
        "changes": changes,
        "name": ACCOUNT_NAME,
        "when": timezone.now(),
        "client_ip": "192.0.2.7",
        "site_url": "https://summit.example/",
        # A team invitation.
        "role_label": Role.ACCREDITATION.label,
        "inviter": ACCOUNT_NAME,
        "accept_url": f"https://summit.example/manage/invitations/{TEAM_INVITATION_SECRET}/",
        "expires_at": timezone.now(),
        "needs_two_factor": True,
    }
    return [
        {**common, "step": step, "action": ACCOUNT_ACTIONS[index % len(ACCOUNT_ACTIONS)]}
        for index, step in enumerate(BILATERAL_STEPS)
    ]


def render_emails(language: str, demo) -> dict[str, str]:
    """Each email's subject, text and HTML parts, every variant's lines in one document."""
    lines: dict[str, dict[str, None]] = {}
    contexts = email_contexts(demo.event)
    for prefix in email_templates():
        for context in contexts:
            email = email_render(template_prefix=prefix, context=context, language=language)
            parts = {"subject": email.subject, "text": email.body_text}
            if email.body_html:
                parts["html"] = html_text(email.body_html)
            for part, text in parts.items():
                document = lines.setdefault(f"email {prefix} ({part})", {})
                document.update(dict.fromkeys(_normalized(line) for line in text.splitlines()))
    return {where: "\n".join(document) for where, document in lines.items()}


# --- The tests over rendered output ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_shows_an_english_interface_string(language, demo):
    po = catalogue(language)
    documents = render_pages(language, demo)
    leftovers = english_left(language, documents, content=user_content(), po=po)
    assert not leftovers, f"{len(leftovers)} English strings left in {language}:\n" + "\n".join(
        leftovers
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_email_shows_an_english_interface_string(language, demo):
    po = catalogue(language)
    documents = render_emails(language, demo)
    content = user_content() | {NOTE, ACCOUNT_NAME}
    leftovers = english_left(language, documents, content=content, po=po)
    assert not leftovers, f"{len(leftovers)} English strings left in {language}:\n" + "\n".join(
        leftovers
    )
