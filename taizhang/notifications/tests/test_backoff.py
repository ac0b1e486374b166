"""Backoff: exponential delays with a cap, optional jitter and a bounded number of attempts."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from taizhang.notifications.channels import Backoff


def test_delays_double_from_the_base_and_stop_at_the_cap():
    backoff = Backoff(base=timedelta(seconds=30), factor=2, max_delay=timedelta(minutes=3), max_attempts=10)
    assert [backoff.delay(n).total_seconds() for n in range(1, 7)] == [30, 60, 120, 180, 180, 180]


def test_attempts_run_out_after_max_attempts():
    backoff = Backoff(max_attempts=3)
    assert not backoff.exhausted(2) and backoff.exhausted(3)


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


@pytest.mark.parametrize(
    "options", [{"max_attempts": 0}, {"jitter": 1.5}, {"factor": 0.5}, {"base": timedelta(hours=2)}]
)
def test_nonsense_settings_are_refused(options):
    with pytest.raises(ValueError):
        Backoff(**options)
