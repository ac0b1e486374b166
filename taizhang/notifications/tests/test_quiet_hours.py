"""QuietHours: a daily window on the Shanghai wall clock, possibly across midnight."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taizhang.notifications.channels import SHANGHAI, QuietHours


def sh(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=SHANGHAI)


NIGHT = QuietHours.parse("22:00-07:30")


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (sh(14, 21, 59), False),
        (sh(14, 22, 0), True),  # the start is inside
        (sh(14, 23, 45), True),
        (sh(15, 0, 0), True),
        (sh(15, 7, 29), True),
        (sh(15, 7, 30), False),  # the end is outside
        (sh(15, 12, 0), False),
    ],
)
def test_a_window_across_midnight(moment, quiet):
    assert NIGHT.contains(moment) is quiet


def test_late_evening_waits_for_the_next_morning_and_early_morning_for_the_same_morning():
    assert NIGHT.next_allowed(sh(14, 23, 10)) == sh(15, 7, 30)
    assert NIGHT.next_allowed(sh(15, 3, 0)) == sh(15, 7, 30)
    assert NIGHT.next_allowed(sh(15, 9, 0)) == sh(15, 9, 0)


def test_the_wall_clock_is_shanghai_whatever_zone_the_moment_is_in():
    utc_afternoon = datetime(2025, 3, 14, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    assert NIGHT.contains(utc_afternoon)
    assert NIGHT.next_allowed(utc_afternoon) == sh(15, 7, 30)


def test_a_daytime_window_such_as_a_lunch_break():
    lunch = QuietHours(time(12, 0), time(13, 30))
    assert not lunch.crosses_midnight
    assert lunch.contains(sh(14, 12, 45)) and not lunch.contains(sh(14, 13, 30))
    assert lunch.next_allowed(sh(14, 12, 0)) == sh(14, 13, 30)


def test_equal_bounds_mean_no_quiet_hours_and_strings_are_accepted():
    assert not QuietHours("08:00", "08:00").contains(sh(14, 8, 0))
    assert QuietHours("22:00", "07:30") == NIGHT


@pytest.mark.parametrize("spec", ["22:00", "24:00-07:00", "22:00-7", "late-early"])
def test_malformed_settings_are_refused(spec):
    with pytest.raises(ValueError):
        QuietHours.parse(spec)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        NIGHT.contains(datetime(2025, 3, 14, 23, 0))


def test_time_travel_through_a_night():
    """Step a clock through a night a quarter-hour at a time: quiet exactly from 22:00 to 07:30."""
    moment, quiet_steps = sh(14, 20, 0), []
    while moment < sh(15, 10, 0):
        if NIGHT.contains(moment):
            quiet_steps.append(moment)
            assert NIGHT.next_allowed(moment) == sh(15, 7, 30)
        moment += timedelta(minutes=15)
    assert quiet_steps[0] == sh(14, 22, 0) and quiet_steps[-1] == sh(15, 7, 15)
    assert len(quiet_steps) == 38  # 9 h 30 min in quarter-hours


wall_times = st.times().map(lambda t: t.replace(microsecond=0))
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(SHANGHAI)
)


@given(start=wall_times, end=wall_times, moment=moments)
def test_next_allowed_is_the_first_moment_outside_the_window(start, end, moment):
    quiet = QuietHours(start, end)
    allowed = quiet.next_allowed(moment)

    assert not quiet.contains(allowed)
    assert moment <= allowed < moment + timedelta(days=1)
    if quiet.contains(moment):
        assert allowed.timetz().replace(tzinfo=None) == end
        # every instant between the moment and the allowed one is still quiet
        for fraction in (0.25, 0.5, 0.75):
            assert quiet.contains(moment + (allowed - moment) * fraction)
        assert quiet.contains(allowed - timedelta(microseconds=1))
    else:
        assert allowed == moment


@given(start=wall_times, end=wall_times, moment=moments)
def test_membership_matches_the_plain_definition_of_the_window(start, end, moment):
    clock = moment.time()
    if start == end:
        expected = False
    elif start < end:
        expected = start <= clock < end
    else:
        expected = not (end <= clock < start)
    assert QuietHours(start, end).contains(moment) is expected
