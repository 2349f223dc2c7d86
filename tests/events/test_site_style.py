"""The site's look where it carries meaning: the focus ring, status chips, the error pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path

from agenda.bilaterals.models import BilateralStatus
from registrations.registration.models import Status

CSS = (Path(settings.BASE_DIR) / "static/css/summit.css").read_text()


def _variables() -> dict[str, str]:
    root = re.search(r":root \{(.*?)\n\}", CSS, re.S).group(1)
    return dict(re.findall(r"--([a-z0-9-]+): (#[0-9a-f]{6});", root))


def _colour(value: str) -> str:
    variable = re.fullmatch(r"var\(--([a-z0-9-]+)\)", value.strip())
    colour = _variables()[variable.group(1)] if variable else value.strip()
    if re.fullmatch(r"#[0-9a-f]{3}", colour):
        colour = "#" + "".join(digit * 2 for digit in colour[1:])
    assert re.fullmatch(r"#[0-9a-f]{6}", colour), value
    return colour


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rule(selector: str) -> dict[str, str]:
    """The declarations of the last rule whose selector list holds `selector` exactly."""
    found = {}
    for selectors, body in re.findall(r"^([^{}\n]+)\{([^}]*)\}", CSS, re.M):
        if selector in [s.strip() for s in selectors.split(",")]:
            found = {
                name.strip(): value.strip()
                for name, value in (d.split(":", 1) for d in body.split(";") if ":" in d)
            }
    return found


def test_contrast_is_computed_as_wcag_says():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_focus_ring_stands_out_three_to_one_on_the_page_and_the_header():
    ring = _rule(":focus-visible")["outline"]
    width, style, colour = ring.split()
    assert int(width.removesuffix("px")) >= 2
    assert style == "solid"
    ring_colour = _colour(colour)
    page = _colour(_rule(":root")["background"])
    header = _colour(_rule(".site-header")["background"])
    assert {page, header} == {"#f5f7fa", "#0b2545"}
    for background in (page, "#ffffff", header, _colour("var(--navy-2)")):
        assert contrast(ring_colour, background) >= 3, background


@pytest.mark.parametrize(
    ("prefix", "statuses"),
    [("status-", Status.values), ("status-bilateral-", BilateralStatus.values)],
    ids=["registration", "bilateral"],
)
def test_each_status_chip_has_its_own_colour_and_readable_text(prefix, statuses):
    base = _rule(".status-pill")
    pairs = {}
    for status in statuses:
        rule = _rule(f".{prefix}{status}")
        assert rule, f"no colours for .{prefix}{status}"
        background = _colour(rule.get("background", base["background"]))
        text = _colour(rule.get("color", base["color"]))
        assert contrast(text, background) >= 4.5, status
        pairs[status] = (background, text)
    # Cancelled is the one quiet grey; every other status has a colour of its own.
    assert len(set(pairs.values())) == len(statuses)
    assert len({background for background, _ in pairs.values()}) == len(statuses)


def test_a_cancelled_session_chip_is_styled():
    rule = _rule(".pill-cancelled")
    assert contrast(_colour(rule["color"]), _colour(rule["background"])) >= 4.5


def test_the_bilateral_status_chip_names_the_status_in_words():
    class Meeting:
        status = BilateralStatus.COUNTER_PROPOSED

        def get_status_display(self):
            return BilateralStatus.COUNTER_PROPOSED.label

    html = render_to_string("agenda/bilaterals/_status.html", {"meeting": Meeting()})
    assert 'class="status-pill status-bilateral-counter_proposed"' in html
    assert ">Other times proposed<" in html


# --- The error pages, with DEBUG off (production) and on (make run) --------------------------


def _boom(request):
    raise RuntimeError("the database went away")


def _not_here(request):
    from django.http import Http404

    raise Http404("no such summit")


def _json_not_found(request):
    return JsonResponse({"detail": "No such registration."}, status=404)


urlpatterns = [
    path("boom/", _boom),
    path("not-here/", _not_here),
    path("json-not-found/", _json_not_found),
    path("", include("config.urls")),
]


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = False


def _assert_site_404(response):
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert "css/summit.css" in html
    assert 'class="site-header"' in html
    assert "Using the URLconf" not in html  # Django's debug page
    assert "no such summit" not in html
    return html


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
def test_an_unknown_address_gets_the_sites_404_page(settings, debug):
    settings.DEBUG = debug
    html = _assert_site_404(Client().get("/no-such-page"))
    assert "/no-such-page" not in html


@pytest.mark.django_db
def test_a_views_404_gets_the_sites_page_under_make_run(settings, debug_on):
    settings.ROOT_URLCONF = __name__
    _assert_site_404(Client().get("/not-here/"))


@pytest.mark.django_db
def test_the_404_page_is_in_arabic_right_to_left(settings, debug_on):
    response = Client().get("/no-such-page", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "الصفحة غير موجودة" in html


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
def test_a_server_error_gets_the_sites_500_page_and_the_console_the_traceback(
    settings, caplog, debug
):
    settings.DEBUG = debug
    settings.DEBUG_ERROR_PAGES = False
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "css/summit.css" in html
    assert "the database went away" not in html
    assert "Traceback" not in html
    assert any(r.exc_info and "database went away" in str(r.exc_info[1]) for r in caplog.records)


@pytest.mark.django_db
def test_djangos_debug_pages_come_back_with_the_setting(settings):
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = True
    response = Client().get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'class="site-header"' not in response.content.decode()


@pytest.mark.django_db
def test_a_views_own_404_answer_stays_under_make_run(settings, debug_on):
    settings.ROOT_URLCONF = __name__
    response = Client().get("/json-not-found/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such registration."}
