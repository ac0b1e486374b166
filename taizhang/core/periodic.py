"""Periodic jobs that run once per scheduled time, however many task consumers share the queue.

Every huey consumer runs a scheduler that enqueues the periodic tasks when their time comes; with two consumers
on one Redis queue (a scale-out deployment, or simply `taizhang-worker` on two machines) each daily job would be
enqueued — and run — twice: two snapshots, two rounds of 提示单. `periodic_task(schedule, name=…, once_per=…)`
declares the task like huey's `db_periodic_task` and wraps its body in a claim on the shared cache: the first
execution in a period (the minute, day or month named by the strftime pattern `once_per`, in UTC like huey's
schedule) adds the key and runs; any other execution in the same period finds it and returns without running,
counting itself in `<key>:skipped`. With Redis the claim is one atomic SET NX; the embedded deployment has a
single consumer anyway.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import wraps

from django.core.cache import cache
from huey.contrib.djhuey import db_periodic_task

logger = logging.getLogger(__name__)

EVERY_MINUTE = "%Y%m%d%H%M"
DAILY = "%Y%m%d"
MONTHLY = "%Y%m"
# How long a claim is kept: past the end of its period, so a late duplicate still finds it.
_KEEP = {EVERY_MINUTE: 3600, DAILY: 3 * 86400, MONTHLY: 40 * 86400}


def claim_key(name: str, once_per: str, now: datetime | None = None) -> str:
    """The cache key of the run of `name` in the period containing `now` (UTC)."""
    now = now or datetime.now(UTC)
    return f"taizhang:periodic:{name}:{now.astimezone(UTC).strftime(once_per)}"


def claim(name: str, once_per: str, now: datetime | None = None) -> bool:
    """Whether this execution is the period's first (and so runs); a later one is counted as skipped."""
    key = claim_key(name, once_per, now)
    keep = _KEEP.get(once_per, 3 * 86400)
    if cache.add(key, 1, timeout=keep):
        return True
    cache.add(f"{key}:skipped", 0, timeout=keep)
    cache.incr(f"{key}:skipped")
    logger.info("periodic task %s already ran in this period; skipped", name, extra={"task": name, "claim": key})
    return False


def periodic_task(schedule, *, name: str, once_per: str):
    """huey's db_periodic_task(schedule, name=name) whose body runs once per `once_per` period."""

    def decorate(fn):
        @wraps(fn)
        def once(*args, **kwargs):
            if not claim(name, once_per):
                return None
            return fn(*args, **kwargs)

        return db_periodic_task(schedule, name=name)(once)

    return decorate
