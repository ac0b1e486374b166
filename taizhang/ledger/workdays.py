"""The workday calendar: "N 个工作日" counts Monday–Friday except public holidays, plus 调休 make-up days.

The exceptions live in `ledger.CalendarDay` (shipped for 2023–2027, edited by the sysadmin). They are read
once per process and cached; `forget()` drops the cache after an edit.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from django.apps import apps

DATA_FILE = Path(__file__).resolve().parent / "data" / "cn_calendar.json"

_cache: dict[date, bool] | None = None


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


def _exceptions() -> dict[date, bool]:
    global _cache
    if _cache is None:
        model = apps.get_model("ledger", "CalendarDay")
        _cache = dict(model.objects.values_list("date", "is_workday"))
    return _cache


def forget() -> None:
    global _cache
    _cache = None


def is_workday(day: date) -> bool:
    exc = _exceptions().get(day)
    if exc is not None:
        return exc
    return day.weekday() < 5


def add_workdays(start: date, n: int) -> date:
    """The date N workdays after `start` (start itself not counted); N=0 → start. Negative N goes back."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_workday(day):
            remaining -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    """Workdays after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_workday(day):
            count += 1
    return count
