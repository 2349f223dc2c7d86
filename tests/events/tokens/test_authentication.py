from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from events.api_views import EventAPIView
from events.permissions import HasEventRole
from events.teams.models import Role
from events.teams.services import team_member_add
from events.tokens.authentication import BearerTokenAuthentication
from events.tokens.models import ApiToken
from events.tokens.selectors import TOKEN_CACHE_SECONDS, api_token_cache_key, api_token_find
from events.tokens.services import api_token_issue, api_token_revoke
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


class AccreditationOnly(EventAPIView):
    """A stand-in for the organizer endpoints of later apps."""

    authentication_classes = [BearerTokenAuthentication]
    required_roles = (Role.ACCREDITATION,)

    def get(self, request, slug):
        return Response({"ok": True})


def call(event, header=None):
    request = (
        APIRequestFactory().get("/", HTTP_AUTHORIZATION=header)
        if header
        else (APIRequestFactory().get("/"))
    )
    return AccreditationOnly.as_view()(request, slug=event.slug)


def test_a_valid_token_of_the_required_role_is_let_in():
    event = EventFactory()
    _token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)

    assert call(event, f"Bearer {raw}").status_code == 200


def test_admin_tokens_may_act_for_every_role():
    event = EventFactory()
    _token, raw = api_token_issue(event=event, role=Role.ADMIN)

    assert call(event, f"Bearer {raw}").status_code == 200


def test_a_token_of_another_role_is_forbidden():
    event = EventFactory()
    _token, raw = api_token_issue(event=event, role=Role.CHECKIN)

    assert call(event, f"Bearer {raw}").status_code == 403


def test_a_token_of_another_event_is_forbidden():
    event, other = EventFactory(), EventFactory()
    _token, raw = api_token_issue(event=other, role=Role.ACCREDITATION)

    assert call(event, f"Bearer {raw}").status_code == 403


def test_a_revoked_token_is_refused_with_a_reason():
    event = EventFactory()
    token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
    api_token_revoke(token=token)

    response = call(event, f"Bearer {raw}")

    assert response.status_code == 401
    assert "revoked" in str(response.data["detail"])


def test_a_missing_token_asks_for_bearer_credentials():
    response = call(EventFactory())

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer two parts", "Bearer smt_not-a-real-token", "Bearer plainwrong"],
)
def test_malformed_or_unknown_tokens_are_refused(header):
    assert call(EventFactory(), header).status_code == 401


def test_an_organizer_signed_in_with_the_role_is_let_in(client):
    event = EventFactory()
    user = UserFactory()
    team_member_add(event=event, user=user, role=Role.ACCREDITATION)
    request = APIRequestFactory().get("/")
    request.user = user
    view = AccreditationOnly()
    view.request, view.kwargs = request, {"slug": event.slug}

    assert HasEventRole().has_permission(view=view, request=request)


def test_the_token_is_stored_only_as_a_digest():
    event = EventFactory()
    token, raw = api_token_issue(event=event, role=Role.CHECKIN)

    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in {stored.digest, stored.prefix}
    assert raw.startswith("smt_")
    assert raw[4:12] == stored.prefix


def test_use_is_stamped_at_most_once_a_minute(django_capture_on_commit_callbacks):
    event = EventFactory()
    token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)

    with django_capture_on_commit_callbacks(execute=True):
        call(event, f"Bearer {raw}")
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call(event, f"Bearer {raw}")
    assert callbacks == []

    two_minutes_later = timezone.now() + timedelta(minutes=2)
    cache.clear()  # the shared cache's minute has passed, as this process's has
    with (
        mock.patch("django.utils.timezone.now", return_value=two_minutes_later),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call(event, f"Bearer {raw}")
    token.refresh_from_db()
    assert token.last_used_at == two_minutes_later


def test_a_stale_stamp_is_queued_once_even_before_a_worker_runs(django_capture_on_commit_callbacks):
    event = EventFactory()
    _token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for _ in range(5):
            call(event, f"Bearer {raw}")

    assert len(callbacks) == 1


@pytest.mark.redis  # the token cache is used only with Redis
def test_a_token_revoked_after_use_is_refused_on_the_next_request(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
    assert call(event, f"Bearer {raw}").status_code == 200  # now served from the cache

    with django_capture_on_commit_callbacks(execute=True):
        api_token_revoke(token=ApiToken.objects.get(pk=token.pk))

    assert call(event, f"Bearer {raw}").status_code == 401


@pytest.mark.redis  # the token cache is used only with Redis
def test_a_token_deleted_after_use_is_unknown(django_capture_on_commit_callbacks):
    event = EventFactory()
    token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
    assert call(event, f"Bearer {raw}").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        token.delete()

    response = call(event, f"Bearer {raw}")
    assert response.status_code == 401
    assert "Unknown" in str(response.data["detail"])


@pytest.mark.redis  # the token cache is used only with Redis
def test_a_cached_token_follows_its_event_when_the_summit_is_renamed(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(slug="unity")
    _token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
    assert call(event, f"Bearer {raw}").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        event.slug = "unity-2027"
        event.save()

    assert call(event, f"Bearer {raw}").status_code == 200
    assert api_token_find(raw=raw).event.slug == "unity-2027"


@pytest.mark.redis  # the token cache is used only with Redis
def test_a_read_from_before_a_revocation_cannot_overwrite_it(django_capture_on_commit_callbacks):
    event = EventFactory()
    token, raw = api_token_issue(event=event, role=Role.ACCREDITATION)
    read_before = ApiToken.objects.select_related("event").get(pk=token.pk)

    with django_capture_on_commit_callbacks(execute=True):
        api_token_revoke(token=token)
    # A slower request that read the row before the revocation caches what it read.
    cache.add(api_token_cache_key(token.digest), read_before, TOKEN_CACHE_SECONDS)

    assert call(event, f"Bearer {raw}").status_code == 401
