"""The workday calendar: "N 个工作日" counts Monday–Friday except public holidays, plus 调休 make-up days.

The exceptions live in `ledger.CalendarDay` (shipped for 2023–2027, edited by the sysadmin). Every process reads
them from Django's cache, where they are kept under a key that carries the calendar's version; an edit bumps the
version (`changed()`), so every web worker and every task uses the new calendar from its next call on. Within a
process the last calendar read is kept beside its version, so a call costs one cache read of the version number.
"""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path

from django.apps import apps
from django.core.cache import cache

DATA_FILE = Path(__file__).resolve().parent / "data" / "cn_calendar.json"

VERSION_KEY = "workdays:version"
CALENDAR_TTL = 24 * 3600  # a calendar of an old version is never read again; let it expire

# (version, exceptions) of the last calendar this process read.
_memo: tuple[int, dict[date, bool]] | None = None


def shipped_days() -> list[tuple[date, bool, str]]:
    """(date, is_workday, name) for every exception in the shipped data file."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    out = []
    for first, last, name in data["holidays"]:
        d, end = date.fromisoformat(first), date.fromisoformat(last)
        while d <= end:
            out.append((d, False, name))
            d += timedelta(days=1)
    for day, name in data["workdays"]:
        out.append((date.fromisoformat(day), True, name))
    return out


def _version() -> int:
    """The calendar's current version. A missing key (first start, or evicted from the cache) starts from the clock
    in milliseconds, above any version an earlier key can have reached, so no stale calendar is read again."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _exceptions() -> dict[date, bool]:
    """{date: is_workday} of every exception, for the current version."""
    global _memo
    version = _version()
    if _memo is not None and _memo[0] == version:
        return _memo[1]
    key = f"workdays:calendar:{version}"
    days = cache.get(key)
    if days is None:
        model = apps.get_model("ledger", "CalendarDay")
        days = dict(model.objects.values_list("date", "is_workday"))
        cache.set(key, days, CALENDAR_TTL)
    _memo = (version, days)
    return days


def changed() -> None:
    """Called after an edit of the calendar: bump the version, so every process reads the calendar again."""
    _version()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key vanished between the two calls; a fresh one starts above every earlier version
        _version()
    cache.touch(VERSION_KEY, None)  # some backends' incr sets the default timeout again; the version stays


def is_workday(day: date, exceptions: dict[date, bool] | None = None) -> bool:
    exc = (_exceptions() if exceptions is None else exceptions).get(day)
    if exc is not None:
        return exc
    return day.weekday() < 5


def add_workdays(start: date, n: int) -> date:
    """The date N workdays after `start` (start itself not counted); N=0 → start. Negative N goes back."""
    exceptions = _exceptions()
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_workday(day, exceptions):
            remaining -= 1
    return day
