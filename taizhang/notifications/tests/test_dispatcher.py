"""Dispatcher: send now, defer until T (quiet hours, rate limit, retry) or fail for good.

The Django side stores ``Decision.outbox_fields()`` on the outbox row and calls again at
``next_attempt_at``; these tests play that loop with a fake clock and a fake robot server.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from taizhang.notifications.channels import (
    SHANGHAI,
    Backoff,
    DeferReason,
    Dispatcher,
    Outcome,
    QuietHours,
    RateLimiter,
    SendResult,
    WeComRobot,
)
from taizhang.notifications.tests.fakes import FakeWeComServer

NIGHT = QuietHours.parse("22:00-07:30")
ROBOT = "wecom:test"


def sh(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, second, tzinfo=SHANGHAI)


def failure(*, retryable: bool, rate_limited: bool = False, code: int | None = None) -> SendResult:
    return SendResult(
        ok=False, channel="wecom", code=code, error="测试失败", retryable=retryable, rate_limited=rate_limited
    )


def test_a_message_in_daytime_with_a_free_robot_is_sent_now():
    decision = Dispatcher(quiet_hours=NIGHT).plan(ROBOT, sh(14, 9, 30))
    assert decision.outcome is Outcome.SEND_NOW


def test_a_message_at_night_waits_for_the_end_of_quiet_hours():
    decision = Dispatcher(quiet_hours=NIGHT).plan(ROBOT, sh(14, 23, 5))
    assert (decision.outcome, decision.reason, decision.not_before) == (
        Outcome.DEFERRED,
        DeferReason.QUIET_HOURS,
        sh(15, 7, 30),
    )
    assert decision.outbox_fields() == {
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": sh(15, 7, 30),
        "defer_reason": "quiet_hours",
        "last_error": "",
        "last_error_code": None,
        "sent_at": None,
    }


def test_the_21st_message_within_a_minute_is_deferred_until_a_slot_frees(reminder, clock):
    with FakeWeComServer() as server:
        robot = WeComRobot(server.webhook_url, clock=clock)
        dispatcher = Dispatcher(RateLimiter(clock=clock), NIGHT)
        first = clock.now
        for _ in range(20):
            assert dispatcher.dispatch(robot, reminder, clock.now).outcome is Outcome.SENT
            clock.advance(seconds=1)

        decision = dispatcher.dispatch(robot, reminder, clock.now)
        assert (decision.outcome, decision.reason) == (Outcome.DEFERRED, DeferReason.RATE_LIMIT)
        assert decision.not_before == first + timedelta(seconds=60)
        assert len(server.requests) == 20  # nothing went over the wire

        clock.travel_to(decision.not_before)
        assert dispatcher.dispatch(robot, reminder, clock.now).outcome is Outcome.SENT


def test_a_rate_limit_slot_that_frees_inside_quiet_hours_waits_for_the_morning():
    limiter = RateLimiter(limit=1)
    limiter.record(ROBOT, sh(14, 21, 59, 30))
    decision = Dispatcher(limiter, NIGHT).plan(ROBOT, sh(14, 21, 59, 45))
    assert (decision.reason, decision.not_before) == (DeferReason.RATE_LIMIT, sh(15, 7, 30))


def test_a_platform_rate_limit_defers_a_minute_blocks_the_robot_and_costs_no_attempt(reminder, clock):
    with FakeWeComServer() as server:
        server.queue_rate_limit()
        robot = WeComRobot(server.webhook_url, clock=clock)
        dispatcher = Dispatcher(RateLimiter(clock=clock))

        decision = dispatcher.dispatch(robot, reminder, clock.now, attempts=2)
        assert (decision.outcome, decision.reason, decision.attempts) == (
            Outcome.DEFERRED,
            DeferReason.RATE_LIMIT,
            2,
        )
        assert decision.not_before == clock.now + timedelta(seconds=60)
        assert decision.outbox_fields()["last_error_code"] == 45009

        # another message for the same robot does not even try before the minute is over
        clock.advance(seconds=30)
        assert dispatcher.dispatch(robot, reminder, clock.now).reason is DeferReason.RATE_LIMIT
        assert len(server.requests) == 1
        clock.advance(seconds=30)
        assert dispatcher.dispatch(robot, reminder, clock.now).outcome is Outcome.SENT


def test_transient_failures_are_retried_with_backoff_then_fail_permanently():
    dispatcher = Dispatcher(backoff=Backoff(base=timedelta(seconds=30), max_attempts=3))
    now = sh(14, 10, 0)

    first = dispatcher.settle(failure(retryable=True), now, attempts=0)
    assert (first.outcome, first.reason, first.attempts) == (Outcome.DEFERRED, DeferReason.RETRY, 1)
    assert first.not_before == now + timedelta(seconds=30)

    second = dispatcher.settle(failure(retryable=True), now, attempts=1)
    assert (second.attempts, second.not_before) == (2, now + timedelta(seconds=60))

    third = dispatcher.settle(failure(retryable=True), now, attempts=2)
    assert (third.outcome, third.attempts, third.not_before) == (Outcome.FAILED, 3, None)
    assert third.error == "测试失败；已重试 3 次，放弃发送"
    assert third.outbox_fields()["status"] == "failed"


def test_a_configuration_error_fails_at_once(reminder):
    with FakeWeComServer() as server:
        robot = WeComRobot(server.webhook_url.replace(server.token, "wrong"))
        decision = Dispatcher().dispatch(robot, reminder, sh(14, 10, 0))
    assert (decision.outcome, decision.attempts) == (Outcome.FAILED, 1)
    assert "Webhook 地址无效" in decision.error
    assert decision.outbox_fields()["last_error_code"] == 93000


def test_a_retry_that_would_land_in_quiet_hours_is_pushed_to_the_morning():
    decision = Dispatcher(quiet_hours=NIGHT).settle(failure(retryable=True), sh(14, 21, 59, 50))
    assert (decision.reason, decision.not_before) == (DeferReason.RETRY, sh(15, 7, 30))


def test_an_expired_message_is_not_sent_and_a_deferral_past_expiry_fails():
    dispatcher = Dispatcher(quiet_hours=NIGHT)
    expired = dispatcher.plan(ROBOT, sh(14, 10, 0), expires_at=sh(14, 9, 0))
    assert expired.outcome is Outcome.FAILED and expired.error == "消息已过期，未发送"

    too_late = dispatcher.plan(ROBOT, sh(14, 23, 0), expires_at=sh(15, 6, 0))
    assert (too_late.outcome, too_late.reason) == (Outcome.FAILED, DeferReason.QUIET_HOURS)
    assert too_late.error == "因免打扰时段无法在有效期内发送"


def test_a_sent_message_records_when(reminder, clock):
    with FakeWeComServer() as server:
        decision = Dispatcher().dispatch(WeComRobot(server.webhook_url), reminder, clock.now)
    fields = decision.outbox_fields()
    assert (fields["status"], fields["sent_at"], fields["next_attempt_at"], fields["last_error"]) == (
        "sent",
        clock.now,
        None,
        "",
    )


def test_planning_has_no_side_effects():
    limiter = RateLimiter(limit=1)
    dispatcher = Dispatcher(limiter)
    for _ in range(3):
        assert dispatcher.plan(ROBOT, sh(14, 10, 0)).outcome is Outcome.SEND_NOW
    assert limiter.remaining(ROBOT, sh(14, 10, 0)) == 1
