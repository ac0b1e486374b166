"""RateLimiter: a sliding window of 20 messages per 60 seconds for each robot."""

from __future__ import annotations

from datetime import timedelta

from taizhang.notifications.channels import RateLimiter

ROBOT = "wecom:aaaa"
OTHER = "dingtalk:bbbb"


def test_the_21st_message_within_a_minute_is_refused_until_the_first_slot_frees(clock):
    limiter = RateLimiter(clock=clock)
    first = clock.now
    for _ in range(20):
        assert limiter.acquire(ROBOT)
        clock.advance(seconds=2)

    assert not limiter.acquire(ROBOT)  # 40 seconds in: the window is full
    assert limiter.next_free(ROBOT) == first + timedelta(seconds=60)

    clock.travel_to(first + timedelta(seconds=59, microseconds=999999))
    assert not limiter.allows(ROBOT)
    clock.travel_to(first + timedelta(seconds=60))
    assert limiter.acquire(ROBOT)
    assert not limiter.allows(ROBOT)  # the second send still holds its slot until 62 s
    assert limiter.next_free(ROBOT) == first + timedelta(seconds=62)


def test_each_robot_has_its_own_window(clock):
    limiter = RateLimiter(limit=2, clock=clock)
    assert limiter.acquire(ROBOT) and limiter.acquire(ROBOT)
    assert not limiter.allows(ROBOT)
    assert limiter.remaining(OTHER) == 2 and limiter.acquire(OTHER)


def test_a_free_robot_may_send_right_now(clock):
    limiter = RateLimiter(clock=clock)
    assert limiter.next_free(ROBOT) == clock.now
    assert limiter.remaining(ROBOT) == 20


def test_state_can_be_rebuilt_from_recent_sends_in_any_order(clock):
    limiter = RateLimiter(limit=3, clock=clock)
    for seconds_ago in (5, 50, 20):
        limiter.record(ROBOT, clock.now - timedelta(seconds=seconds_ago))
    assert not limiter.allows(ROBOT)
    assert limiter.next_free(ROBOT) == clock.now + timedelta(seconds=10)  # the send 50 s ago expires first


def test_a_platform_rate_limit_blocks_the_robot_until_the_given_time(clock):
    limiter = RateLimiter(clock=clock)
    limiter.block_until(ROBOT, clock.now + timedelta(seconds=60))
    assert not limiter.allows(ROBOT)
    assert limiter.next_free(ROBOT) == clock.now + timedelta(seconds=60)
    clock.advance(seconds=60)
    assert limiter.acquire(ROBOT)
