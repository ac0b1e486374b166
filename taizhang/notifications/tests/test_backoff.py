"""Backoff: exponential delays with a cap, optional jitter and a bounded number of attempts."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from taizhang.notifications.channels import Backoff


def test_delays_double_from_the_base_and_stop_at_the_cap():
    backoff = Backoff(base=timedelta(seconds=30), factor=2, max_delay=timedelta(minutes=3), max_attempts=10)
    assert [backoff.delay(n).total_seconds() for n in range(1, 7)] == [30, 60, 120, 180, 180, 180]


def test_attempts_run_out_after_max_attempts(clock):
    backoff = Backoff(max_attempts=3)
    assert backoff.next_attempt_at(1, clock.now) == clock.now + timedelta(seconds=30)
    assert backoff.next_attempt_at(2, clock.now) == clock.now + timedelta(seconds=60)
    assert backoff.exhausted(3) and backoff.next_attempt_at(3, clock.now) is None


def test_jitter_only_shortens_a_delay_and_by_at_most_its_share():
    backoff = Backoff(
        base=timedelta(seconds=100), max_delay=timedelta(seconds=100), jitter=0.5, rng=random.Random(7)
    )
    delays = {backoff.delay(1).total_seconds() for _ in range(200)}
    assert all(50 <= d <= 100 for d in delays)
    assert len(delays) > 100  # actually spread out


def test_jitter_is_reproducible_with_a_seeded_rng():
    def make():
        return Backoff(jitter=1.0, rng=random.Random(42))

    a, b = make(), make()
    assert [a.delay(n) for n in range(1, 5)] == [b.delay(n) for n in range(1, 5)]


def test_run_retries_with_the_injected_sleep_until_success():
    outcomes = iter([False, False, True])
    slept: list[float] = []
    result = Backoff(base=timedelta(seconds=1)).run(
        lambda: next(outcomes), should_retry=lambda ok: not ok, sleep=slept.append
    )
    assert result is True
    assert slept == [1.0, 2.0]


def test_run_gives_up_after_max_attempts_and_returns_the_last_result():
    calls: list[int] = []
    slept: list[float] = []

    def attempt() -> int:
        calls.append(1)
        return len(calls)

    result = Backoff(max_attempts=3).run(attempt, should_retry=lambda _: True, sleep=slept.append)
    assert result == 3 and len(slept) == 2


@pytest.mark.parametrize(
    "options", [{"max_attempts": 0}, {"jitter": 1.5}, {"factor": 0.5}, {"base": timedelta(hours=2)}]
)
def test_nonsense_settings_are_refused(options):
    with pytest.raises(ValueError):
        Backoff(**options)
