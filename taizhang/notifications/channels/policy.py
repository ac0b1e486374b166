"""Sending policy: per-robot rate limiting, retry back-off and quiet hours. Pure Python, no I/O.

All clocks are injectable. Times are aware datetimes; quiet hours are read on the Asia/Shanghai
wall clock whatever zone the datetime given carries.
"""

from __future__ import annotations

import random
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from .base import require_aware

SHANGHAI = ZoneInfo("Asia/Shanghai")

def shanghai_now() -> datetime:
    """The default clock of the policies: now, as an aware datetime in Asia/Shanghai."""
    return datetime.now(SHANGHAI)


class RateLimiter:
    """Sliding-window limiter: at most ``limit`` sends per ``window`` for each robot key.

    A send at instant t occupies a slot during [t, t + window). State lives in this object only; a
    multi-process deployment rebuilds it from the outbox (``record`` the recent sends) or keeps one
    dispatcher per robot. The defaults match WeCom and DingTalk: 20 messages per 60 seconds.
    """

    def __init__(
        self,
        limit: int = 20,
        window: timedelta = timedelta(seconds=60),
        *,
        clock: Callable[[], datetime] = shanghai_now,
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if window <= timedelta(0):
            raise ValueError("window must be positive")
        self.limit = limit
        self.window = window
        self.clock = clock
        self._sent: dict[str, deque[datetime]] = {}
        self._blocked_until: dict[str, datetime] = {}

    def _moment(self, now: datetime | None) -> datetime:
        return require_aware(now if now is not None else self.clock())

    def _prune(self, key: str, now: datetime) -> deque[datetime]:
        sent = self._sent.setdefault(key, deque())
        while sent and sent[0] + self.window <= now:
            sent.popleft()
        return sent

    def remaining(self, key: str, now: datetime | None = None) -> int:
        """How many more sends ``key`` may make at ``now``."""
        moment = self._moment(now)
        if moment < self._blocked_until.get(key, moment):
            return 0
        return max(self.limit - len(self._prune(key, moment)), 0)

    def allows(self, key: str, now: datetime | None = None) -> bool:
        """Whether ``key`` may send at ``now`` (does not take a slot)."""
        return self.remaining(key, now) > 0

    def acquire(self, key: str, now: datetime | None = None) -> bool:
        """Take a slot for ``key`` at ``now`` if one is free; answer whether it was taken."""
        moment = self._moment(now)
        if not self.allows(key, moment):
            return False
        self.record(key, moment)
        return True

    def record(self, key: str, at: datetime) -> None:
        """Count a send made at ``at`` (used by ``acquire`` and to rebuild state from history)."""
        require_aware(at)
        sent = self._sent.setdefault(key, deque())
        sent.append(at)
        if len(sent) > 1 and sent[-2] > at:  # history may arrive out of order
            self._sent[key] = deque(sorted(sent))

    def block_until(self, key: str, until: datetime) -> None:
        """Refuse ``key`` until ``until`` — used when the platform itself answers "too fast"."""
        require_aware(until)
        current = self._blocked_until.get(key)
        if current is None or until > current:
            self._blocked_until[key] = until

    def next_free(self, key: str, now: datetime | None = None) -> datetime:
        """The earliest instant at or after ``now`` when ``key`` may send again."""
        moment = self._moment(now)
        candidate = max(moment, self._blocked_until.get(key, moment))
        sent = self._prune(key, moment)
        if len(sent) >= self.limit:
            # the slot of the send that is `limit` places from the end frees up first
            candidate = max(candidate, sent[len(sent) - self.limit] + self.window)
        return candidate


@dataclass(frozen=True)
class Backoff:
    """Retry policy: exponential delays ``base * factor**(n-1)`` capped at ``max_delay``.

    ``jitter`` (0..1) shortens each delay by a random fraction up to that share, so robots that
    failed together do not all retry at the same instant; ``rng`` makes it reproducible in tests.
    After ``max_attempts`` failed attempts the message has failed permanently.
    """

    base: timedelta = timedelta(seconds=30)
    factor: float = 2.0
    max_delay: timedelta = timedelta(minutes=30)
    max_attempts: int = 5
    jitter: float = 0.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError("jitter must lie between 0 and 1")
        if self.factor < 1.0:
            raise ValueError("factor must be at least 1")
        if self.base < timedelta(0) or self.max_delay < self.base:
            raise ValueError("need 0 <= base <= max_delay")

    def delay(self, failed_attempts: int) -> timedelta:
        """How long to wait after the ``failed_attempts``-th failure (1 = the first failure)."""
        if failed_attempts < 1:
            raise ValueError("failed_attempts counts from 1")
        seconds = self.base.total_seconds() * self.factor ** (failed_attempts - 1)
        seconds = min(seconds, self.max_delay.total_seconds())
        if self.jitter:
            seconds *= 1.0 - self.jitter * self.rng.random()
        return timedelta(seconds=seconds)

    def exhausted(self, failed_attempts: int) -> bool:
        """Whether no attempt is left after ``failed_attempts`` failures."""
        return failed_attempts >= self.max_attempts


_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _as_time(value: time | str) -> time:
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise ValueError("quiet-hour bounds are wall-clock times without a zone")
        return value
    match = _HHMM.match(value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"expected HH:MM, got {value!r}")
    return time(int(match[1]), int(match[2]))


@dataclass(frozen=True)
class QuietHours:
    """A daily window [start, end) on the Shanghai wall clock during which robots stay silent.

    ``start > end`` means the window crosses midnight (22:00–07:30 is quiet from 22:00 until 07:30
    the next morning); ``start == end`` means no quiet hours at all. Bounds accept ``time`` objects
    or "HH:MM" strings.
    """

    start: time
    end: time
    tz: ZoneInfo = SHANGHAI

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _as_time(self.start))
        object.__setattr__(self, "end", _as_time(self.end))

    @classmethod
    def parse(cls, spec: str) -> QuietHours:
        """Build from a setting such as ``"22:00-07:30"`` (also accepts ``–`` and ``~``)."""
        parts = re.split(r"\s*[-–~]\s*", spec.strip())
        if len(parts) != 2:
            raise ValueError(f"expected 'HH:MM-HH:MM', got {spec!r}")
        return cls(_as_time(parts[0]), _as_time(parts[1]))

    @property
    def crosses_midnight(self) -> bool:
        """True when the window starts on one day and ends on the next."""
        return self.start > self.end

    def _wall(self, moment: datetime) -> datetime:
        return require_aware(moment).astimezone(self.tz)

    def contains(self, moment: datetime) -> bool:
        """Whether ``moment`` falls inside the quiet window."""
        if self.start == self.end:
            return False
        clock = self._wall(moment).time().replace(tzinfo=None)
        if self.crosses_midnight:
            return clock >= self.start or clock < self.end
        return self.start <= clock < self.end

    def next_allowed(self, moment: datetime) -> datetime:
        """``moment`` itself if sending is allowed then, else the end of the quiet window (in ``tz``)."""
        if not self.contains(moment):
            return moment
        wall = self._wall(moment)
        day = wall.date()
        if self.crosses_midnight and wall.time().replace(tzinfo=None) >= self.start:
            day += timedelta(days=1)
        return datetime.combine(day, self.end, tzinfo=self.tz)
