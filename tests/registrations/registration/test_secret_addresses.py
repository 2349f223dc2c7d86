"""Pages whose address holds a secret: never stored by a cache, never sent on as a Referer.

The secret of `/me/<token>/…`, `/d/<token>/…` and their API twins opens the
registration or the delegation; a browser cache, a shared proxy or the Referer
header of the next click would hand it on. The personal feed's secret opens only
the feed: it may be kept by the calendar client, never by a shared cache.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from events.audit.services import Actor
from registrations.badges.services import badge_issue
from tests.factories import CategoryFactory, DelegationFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

NO_STORE = "no-store"
FEED_POLICY = "private, no-cache"


@pytest.fixture
def world():
    event = EventFactory(slug="unity")
    category = CategoryFactory(event=event, slug="delegate")
    head = RegistrationFactory(event=event, category=category, status="approved")
    badge_issue(registration=head, actor=Actor.system())
    delegation = DelegationFactory(event=event, head=head)
    head.delegation = delegation
    head.save(update_fields=["delegation"])
    return {"event": event, "registration": head, "delegation": delegation}


def assert_secret_headers(response, cache_control=NO_STORE):
    assert response["Cache-Control"] == cache_control, response.request["PATH_INFO"]
    assert response["Referrer-Policy"] == "no-referrer", response.request["PATH_INFO"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/me/{token}/", 200),
        ("/me/{token}/badge.pdf", 200),
        ("/me/{token}/badge.png", 200),
        ("/me/{token}/calendar.ics", 301),
        ("/me/{token}/photo.jpg", 404),  # no photo: still an address with the secret
        ("/api/v1/me/{token}/agenda/", 200),
        ("/d/{delegation}/", 200),
        ("/d/{delegation}/vehicles/", 200),
        ("/d/{delegation}/bilaterals/", 200),
        ("/api/v1/delegations/{delegation}/bilaterals/", 200),
    ],
)
def test_secret_pages_are_not_stored_and_send_no_referer(client, world, path, status):
    url = path.format(
        token=world["registration"].secret_token, delegation=world["delegation"].secret_token
    )

    response = client.get(url)

    assert response.status_code == status
    assert_secret_headers(response)


def test_a_form_answer_on_a_secret_page_is_not_stored_either(client, world):
    token = world["registration"].secret_token
    confirmation = client.get(f"/me/{token}/cancel/")
    response = client.post(f"/me/{token}/cancel/", {"confirm": "yes"})

    assert confirmation.status_code == 200
    assert_secret_headers(confirmation)
    assert response.status_code == 302
    assert_secret_headers(response)


def test_a_wrong_secret_is_answered_with_the_same_headers(client, world):
    response = client.get(f"/me/{'x' * 43}/")

    assert response.status_code == 404
    assert_secret_headers(response)


def test_the_feed_may_be_kept_by_the_calendar_but_not_by_a_shared_cache(client, world):
    url = f"/feeds/{world['registration'].feed_secret}/calendar.ics"

    response = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])

    assert response.status_code == 200
    assert_secret_headers(response, FEED_POLICY)
    assert again.status_code == 304
    assert_secret_headers(again, FEED_POLICY)


def test_public_pages_keep_their_own_caching(client, world):
    agenda = client.get("/e/unity/agenda.ics")
    summit = client.get("/e/unity/")

    assert agenda["Cache-Control"] == "public, max-age=300"
    assert "no-store" not in summit.get("Cache-Control", "")
    assert summit["Referrer-Policy"] == "same-origin"


def routes(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_address_with_a_secret_in_it_is_covered(client, world):
    """A page added later under /me/<token>/ or /d/<token>/ is covered without a list to update."""
    values = {
        "reference": world["registration"].reference,
        "slug": "unity",
    }
    secret_routes = [route for route in routes(get_resolver()) if "<str:token>" in route]
    assert len(secret_routes) >= 20
    for route in secret_routes:
        delegation_route = route.startswith(("d/", "api/v1/delegations/"))
        token = (world["delegation"] if delegation_route else world["registration"]).secret_token
        path = "/" + route.replace("<str:token>", token)
        for name, value in values.items():
            path = path.replace(f"<str:{name}>", value).replace(f"<slug:{name}>", value)
        path = path.replace("<int:vehicle_id>", "1").replace("<int:meeting_id>", "1")
        path = path.replace("<int:session_id>", "1")
        assert "<" not in path, path

        assert_secret_headers(client.get(path))


class TestFormsUnderNoReferrer:
    """`no-referrer` makes browsers post these pages' forms with `Origin: null`."""

    @pytest.fixture
    def browser(self):
        from django.test import Client

        return Client(enforce_csrf_checks=True)

    def _csrf_token(self, browser, path: str) -> str:
        browser.get(path)
        return browser.cookies["csrftoken"].value

    def test_a_secret_pages_form_posted_with_origin_null_and_its_token_works(self, browser, world):
        page = f"/me/{world['registration'].secret_token}/"
        token = self._csrf_token(browser, page)

        response = browser.post(
            f"{page}cancel/",
            {"csrfmiddlewaretoken": token, "confirm": "yes"},
            HTTP_ORIGIN="null",
        )

        assert response.status_code == 302
        world["registration"].refresh_from_db()
        assert world["registration"].status == "cancelled"

    def test_without_the_csrf_token_the_same_post_is_still_refused(self, browser, world):
        page = f"/me/{world['registration'].secret_token}/"
        self._csrf_token(browser, page)

        response = browser.post(f"{page}cancel/", {}, HTTP_ORIGIN="null")

        assert response.status_code == 403
        world["registration"].refresh_from_db()
        assert world["registration"].status == "approved"

    def test_origin_null_is_refused_on_an_address_without_a_secret(self, browser, world):
        token = self._csrf_token(browser, "/e/unity/lost-link/")

        response = browser.post(
            "/e/unity/lost-link/",
            {"csrfmiddlewaretoken": token, "email": "someone@example.org"},
            HTTP_ORIGIN="null",
        )

        assert response.status_code == 403
