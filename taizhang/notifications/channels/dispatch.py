"""Deciding what happens to one outbox message: send now, defer until T, or give up.

The decision logic is pure (no threads, no sleeping, no clock of its own): the caller passes
``now`` and gets back a :class:`Decision` whose :meth:`Decision.outbox_fields` the Django side
stores on the outbox row. Only :meth:`Dispatcher.dispatch` does I/O, through the robot client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .base import Message, RobotClient, SendResult, require_aware
from .policy import Backoff, QuietHours, RateLimiter


class Outcome(StrEnum):
    """What the dispatcher decided."""

    SEND_NOW = "send_now"  # plan only: nothing stands in the way
    SENT = "sent"  # delivered; the platform said ok
    DEFERRED = "deferred"  # try again at not_before
    FAILED = "failed"  # permanent: configuration error, retries exhausted or expired


class DeferReason(StrEnum):
    """Why a message waits."""

    QUIET_HOURS = "quiet_hours"
    RATE_LIMIT = "rate_limit"
    RETRY = "retry"


OUTBOX_STATUS = {
    Outcome.SEND_NOW: "pending",
    Outcome.SENT: "sent",
    Outcome.DEFERRED: "pending",
    Outcome.FAILED: "failed",
}

DEFER_REASON_LABELS = {
    DeferReason.QUIET_HOURS: "免打扰时段",
    DeferReason.RATE_LIMIT: "发送频率限制",
    DeferReason.RETRY: "发送失败，等待重试",
}


@dataclass(frozen=True)
class Decision:
    """The dispatcher's verdict on one message at one instant.

    ``attempts`` counts the failed deliveries charged against the retry budget so far (rate-limit
    replies are not charged: waiting them out is normal). ``not_before`` is set for DEFERRED only.
    """

    outcome: Outcome
    at: datetime
    attempts: int = 0
    not_before: datetime | None = None
    reason: DeferReason | None = None
    error: str = ""
    result: SendResult | None = field(default=None, compare=False)

    def outbox_fields(self) -> dict[str, Any]:
        """Column values for the outbox row (status, attempts, next_attempt_at, errors, sent_at)."""
        result = self.result
        return {
            "status": OUTBOX_STATUS[self.outcome],
            "attempts": self.attempts,
            "next_attempt_at": self.not_before,
            "defer_reason": self.reason.value if self.reason else "",
            "last_error": self.error,
            "last_error_code": None if result is None or result.ok else result.code,
            "sent_at": self.at if self.outcome is Outcome.SENT else None,
        }


class Dispatcher:
    """Applies quiet hours, the per-robot rate limiter and the retry policy to one message at a time.

    One dispatcher (and so one limiter) should serve every message of a given robot in a process.
    """

    def __init__(
        self,
        limiter: RateLimiter | None = None,
        quiet_hours: QuietHours | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.limiter = limiter or RateLimiter()
        self.quiet_hours = quiet_hours
        self.backoff = backoff or Backoff()

    def _settle_time(self, moment: datetime) -> datetime:
        """Push ``moment`` out of quiet hours so a deferred message is not woken just to wait again."""
        return self.quiet_hours.next_allowed(moment) if self.quiet_hours else moment

    def plan(
        self,
        robot_id: str,
        now: datetime,
        *,
        attempts: int = 0,
        expires_at: datetime | None = None,
    ) -> Decision:
        """Before sending: SEND_NOW, DEFERRED (quiet hours / rate limit) or FAILED (expired). Pure."""
        require_aware(now)
        if expires_at is not None and now >= expires_at:
            return Decision(Outcome.FAILED, now, attempts, error="消息已过期，未发送")
        if self.quiet_hours and self.quiet_hours.contains(now):
            until = self.quiet_hours.next_allowed(now)
            return self._defer(now, until, DeferReason.QUIET_HOURS, attempts, expires_at)
        if not self.limiter.allows(robot_id, now):
            until = self._settle_time(self.limiter.next_free(robot_id, now))
            return self._defer(now, until, DeferReason.RATE_LIMIT, attempts, expires_at)
        return Decision(Outcome.SEND_NOW, now, attempts)

    def settle(
        self,
        result: SendResult,
        now: datetime,
        *,
        attempts: int = 0,
        expires_at: datetime | None = None,
    ) -> Decision:
        """After a send at ``now`` with ``attempts`` earlier failures: SENT, DEFERRED or FAILED. Pure."""
        require_aware(now)
        if result.ok:
            return Decision(Outcome.SENT, now, attempts, result=result)
        if result.rate_limited:
            until = self._settle_time(now + self.limiter.window)
            return self._defer(now, until, DeferReason.RATE_LIMIT, attempts, expires_at, result)
        failures = attempts + 1
        if not result.retryable:
            return Decision(Outcome.FAILED, now, failures, error=result.error, result=result)
        if self.backoff.exhausted(failures):
            error = f"{result.error}；已重试 {failures} 次，放弃发送"
            return Decision(Outcome.FAILED, now, failures, error=error, result=result)
        until = self._settle_time(now + self.backoff.delay(failures))
        return self._defer(now, until, DeferReason.RETRY, failures, expires_at, result)

    def dispatch(
        self,
        client: RobotClient,
        message: Message,
        now: datetime,
        *,
        attempts: int = 0,
        expires_at: datetime | None = None,
    ) -> Decision:
        """Plan, and if nothing stands in the way take a limiter slot, send and settle."""
        planned = self.plan(client.robot_id, now, attempts=attempts, expires_at=expires_at)
        if planned.outcome is not Outcome.SEND_NOW:
            return planned
        self.limiter.acquire(client.robot_id, now)
        result = client.send(message, now)
        if result.rate_limited:
            self.limiter.block_until(client.robot_id, now + self.limiter.window)
        return self.settle(result, now, attempts=attempts, expires_at=expires_at)

    def _defer(
        self,
        now: datetime,
        until: datetime,
        reason: DeferReason,
        attempts: int,
        expires_at: datetime | None,
        result: SendResult | None = None,
    ) -> Decision:
        error = result.error if result is not None else ""
        if expires_at is not None and until >= expires_at:
            why = DEFER_REASON_LABELS[reason]
            return Decision(
                Outcome.FAILED,
                now,
                attempts,
                reason=reason,
                result=result,
                error=f"{error}；" * bool(error) + f"因{why}无法在有效期内发送",
            )
        return Decision(Outcome.DEFERRED, now, attempts, until, reason, error, result)
