"""Browser journeys: Playwright (sync API) driving the machine's Chromium against a live server.

No browser is downloaded: Debian's `chromium` is launched by path (CHROMIUM env var to
override). Without it, or without axe-core (`npm ci`), the tests skip with the reason;
with REQUIRE_SERVICES=1 (CI) tests/conftest.py turns that skip into a failure.
"""

import io
import json
import os
import re
import signal
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots" / "e2e"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The network is closed: Chromium's own calls home only produce refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
DEMO_SLUG = "unity-for-security"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# A hung browser call must fail the test, not stall CI (page.evaluate has no timeout).
TEST_DEADLINE_SECONDS = 150


def chromium_path() -> str:
    return os.environ.get("CHROMIUM", "/usr/bin/chromium")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs Playwright for Python: pip install -e '.[dev]'"
    if not (os.path.exists(chromium_path()) and os.access(chromium_path(), os.X_OK)):
        return f"needs Chromium at {chromium_path()}: apt-get install chromium"
    if not AXE_PATH.exists():
        return "needs axe-core: npm ci (at the repository root)"
    return None


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        # launch() gives Chromium a fresh, empty profile directory of its own (and
        # removes it afterwards), so no user profile is ever read.
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _deadline():
    def expired(signum, frame):
        raise TimeoutError(f"browser test still running after {TEST_DEADLINE_SECONDS}s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_DEADLINE_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@dataclass
class Visit:
    """One browser context (a person at a device) that checks every page it sees."""

    context: object
    base_url: str
    language: str
    size: str
    axe_source: str
    findings: list = field(default_factory=list)

    @property
    def page(self):
        return self.context.pages[0]

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"
        return response

    def check(self, name: str) -> list[dict]:
        """Axe on the page as it is now, a full-page screenshot; fail on serious findings."""
        page = self.page
        page.wait_for_load_state("load")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol: the page's CSP (no inline
            # scripts) stays in force for the page's own code.
            page.evaluate(self.axe_source)
        results = page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {
                    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                });
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
                    summary: v.nodes.slice(0, 2).map(n => n.failureSummary),
                }));
            }""",
            AXE_TAGS,
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9-]+", "-", name.lower())
        page.screenshot(
            path=SCREENSHOTS / f"{slug}-{self.language}-{self.size}.png", full_page=True
        )
        for violation in results:
            self.findings.append(
                {"page": name, "language": self.language, "size": self.size, **violation}
            )
        # Wide tables scroll inside their own box; the page itself never scrolls sideways.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 1:
            culprits = page.evaluate(
                """() => {
                    const width = document.documentElement.clientWidth;
                    return [...document.querySelectorAll('body *')].filter(el => {
                        const box = el.getBoundingClientRect();
                        return box.right > width + 1 || box.left < -1;
                    }).slice(-5).map(el => el.outerHTML.slice(0, 120));
                }"""
            )
            raise AssertionError(
                f"{name} ({self.language}, {self.size}) is {overflow}px too wide: {culprits}"
            )
        serious = [v for v in results if v["impact"] in {"serious", "critical"}]
        assert not serious, f"axe on {name} ({self.language}, {self.size}):\n" + json.dumps(
            serious, indent=2, ensure_ascii=False
        )
        return results


@pytest.fixture
def open_visit(browser, live_server, request):
    """open_visit(language="en", size="desktop") -> Visit; closed after the test."""
    axe_source = AXE_PATH.read_text()
    report = SCREENSHOTS / f"axe-{request.node.name}.json"
    report.unlink(missing_ok=True)
    visits = []

    def open_(language: str = "en", size: str = "desktop", bypass_csp: bool = False) -> Visit:
        context = browser.new_context(
            viewport=PHONE if size == "phone" else DESKTOP,
            locale="ar-AE" if language == "ar" else "en-GB",
            accept_downloads=True,
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(10_000)
        if language != "en":
            host = live_server.url.split("//", 1)[1].split(":")[0]
            context.add_cookies(
                [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
            )
        context.new_page()
        visit = Visit(context, live_server.url, language, size, axe_source)
        visits.append(visit)
        return visit

    yield open_
    for visit in visits:
        visit.context.close()
    # Moderate and minor findings do not fail the run; keep them for the person reading.
    findings = [finding for visit in visits for finding in visit.findings]
    if findings:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(findings, indent=2, ensure_ascii=False))


@pytest.fixture
def demo(transactional_db, live_server, settings):
    """The demo summit (categories, zones, 40+ released sessions, 100+ registrations)."""
    settings.SITE_URL = live_server.url
    call_command("seed_demo", stdout=io.StringIO())
    from events.summit.models import Event

    return Event.objects.get(slug=DEMO_SLUG)
