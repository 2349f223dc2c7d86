"""VTIMEZONE components computed from the IANA database (RFC 5545 3.6.5).

Used by every calendar Summit writes (the agenda feeds, the summit entry in
approval emails). icalendar's own conversion starts some observances an hour
late, so the transitions are found here by bisection, to the minute.
"""

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard


def _transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """UTC instants in [start, end) where the zone's offset changes (minute precision)."""
    found = []
    step = timedelta(hours=6)
    moment = start
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = min(moment + step, end)
        if following.astimezone(zone).utcoffset() != offset:
            low, high = moment, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    middle = low + timedelta(minutes=1)
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = high.astimezone(zone).utcoffset()
        moment = following
    return found


@lru_cache(maxsize=64)
def _observances(tzid: str, first_year: int, last_year: int) -> tuple:
    """(kind, local start, offset from, offset to, name) for each observance, computed once."""
    zone = ZoneInfo(tzid)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    initial = start.astimezone(zone)
    rows = [
        (
            "DAYLIGHT" if initial.dst() else "STANDARD",
            # VTIMEZONE observances start at a local (floating) time by definition.
            datetime(first_year, 1, 1),  # noqa: DTZ001
            initial.utcoffset(),
            initial.utcoffset(),
            initial.tzname(),
        )
    ]
    for instant in _transitions(zone, start, end):
        before = (instant - timedelta(minutes=1)).astimezone(zone)
        after = instant.astimezone(zone)
        # An observance starts at the local time in force just before the change
        # (RFC 5545 3.6.5: DTSTART is given in TZOFFSETFROM).
        onset = (instant + before.utcoffset()).replace(tzinfo=None)
        rows.append(
            (
                "DAYLIGHT" if after.dst() else "STANDARD",
                onset,
                before.utcoffset(),
                after.utcoffset(),
                after.tzname(),
            )
        )
    return tuple(rows)


def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for `tzid` valid through the calendar years of `first` … `last`."""
    component = Timezone()
    component.add("tzid", tzid)
    for kind, onset, offset_from, offset_to, name in _observances(tzid, first.year, last.year):
        observance = TimezoneDaylight() if kind == "DAYLIGHT" else TimezoneStandard()
        observance.add("dtstart", onset)
        observance.add("tzoffsetfrom", offset_from)
        observance.add("tzoffsetto", offset_to)
        if name:
            observance.add("tzname", name)
        component.add_component(observance)
    return component
