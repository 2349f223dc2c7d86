"""The settings page's time zones: labelled once per language and moment, then reused."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from events.summit import settings_forms
from events.summit.settings_forms import time_zone_choices

WINTER = datetime(2027, 1, 12, 9, tzinfo=UTC)
SUMMER = datetime(2027, 7, 12, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def labels(monkeypatch):
    """Counts the zones labelled (by Babel); the cache starts and ends empty."""
    settings_forms._time_zone_choices.cache_clear()
    calls = []
    label = settings_forms.time_zone_label

    def counted(*args, **kwargs):
        calls.append(args[0])
        return label(*args, **kwargs)

    monkeypatch.setattr(settings_forms, "time_zone_label", counted)
    yield calls
    settings_forms._time_zone_choices.cache_clear()


def test_a_second_page_in_the_same_language_labels_no_zone_again(labels):
    first = time_zone_choices(at=WINTER)
    labelled = len(labels)
    again = time_zone_choices(at=WINTER)

    assert labelled == len(first) > 400
    assert len(labels) == labelled
    assert again == first
    assert dict(first)["Asia/Dubai"] == "Dubai (UTC+04:00) — Asia/Dubai"


def test_each_language_has_its_own_labels(labels):
    with translation.override("en"):
        english = dict(time_zone_choices(at=WINTER))
    with translation.override("ar"):
        arabic = dict(time_zone_choices(at=WINTER))
    with translation.override("en"):
        english_again = dict(time_zone_choices(at=WINTER))

    assert english["Asia/Dubai"].startswith("Dubai (")
    assert arabic["Asia/Dubai"].startswith("دبي (")
    assert english_again == english


def test_the_offsets_are_those_of_the_summits_date_summer_time_included(labels):
    winter = dict(time_zone_choices(at=WINTER))
    summer = dict(time_zone_choices(at=SUMMER))

    assert winter["Europe/London"] == "London (UTC+00:00) — Europe/London"
    assert summer["Europe/London"] == "London (UTC+01:00) — Europe/London"
    # The same moment written in another zone is the same key.
    assert time_zone_choices(
        at=WINTER.astimezone(settings_forms.zoneinfo.ZoneInfo("Asia/Dubai"))
    ) == list(winter.items())
    assert len(labels) == 2 * len(winter)


def test_a_caller_changing_its_list_changes_no_other_pages(labels):
    first = time_zone_choices(at=WINTER)
    first.clear()

    assert len(time_zone_choices(at=WINTER)) > 400
