"""Derived state of a problem — overdue, due soon and the 红/黄/绿 light — in Python and in SQL.

Both forms implement the same rules (docs/design.md §4), so the list can filter by light in the database and
a single problem shows the same light:

- overdue: a deadline before today (Asia/Shanghai) and not 已销号/已撤销 → 红
- due soon: not overdue, deadline within `campaign.due_soon_days` days → 黄
- returned and not yet resubmitted → 黄
- otherwise (on track, no deadline, closed) → 绿; 已撤销 has no light.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone

from taizhang.ledger.models import FINISHED_STATUSES, ProblemStatus

RED, YELLOW, GREEN, NONE = "red", "yellow", "green", ""
LIGHT_LABELS = {RED: "红灯", YELLOW: "黄灯", GREEN: "绿灯", NONE: ""}


def today() -> date:
    return timezone.localdate()


def is_overdue(problem, on: date | None = None) -> bool:
    on = on or today()
    return problem.deadline is not None and problem.deadline < on and problem.status not in FINISHED_STATUSES


def is_due_soon(problem, on: date | None = None, days: int | None = None) -> bool:
    on = on or today()
    days = problem.campaign.due_soon_days if days is None else days
    return (problem.deadline is not None and problem.status not in FINISHED_STATUSES
            and on <= problem.deadline <= on + timedelta(days=days))


def light(problem, on: date | None = None, days: int | None = None) -> str:
    if problem.status == ProblemStatus.WITHDRAWN:
        return NONE
    if is_overdue(problem, on):
        return RED
    if is_due_soon(problem, on, days) or (problem.status == ProblemStatus.IN_PROGRESS and problem.returned_pending):
        return YELLOW
    return GREEN


# --- SQL ---------------------------------------------------------------------------------------------

def overdue_q(on: date | None = None) -> Q:
    on = on or today()
    return Q(deadline__lt=on) & ~Q(status__in=FINISHED_STATUSES)


def due_soon_q(days: int, on: date | None = None) -> Q:
    on = on or today()
    return Q(deadline__gte=on, deadline__lte=on + timedelta(days=days)) & ~Q(status__in=FINISHED_STATUSES)


def returned_q() -> Q:
    return Q(status=ProblemStatus.IN_PROGRESS, returned_pending=True)


def light_q(value: str, days: int, on: date | None = None) -> Q:
    """Q selecting problems whose light is `value` — the same rules as `light()`."""
    withdrawn = Q(status=ProblemStatus.WITHDRAWN)
    red = overdue_q(on)
    yellow = ~red & (due_soon_q(days, on) | returned_q())
    if value == RED:
        return red
    if value == YELLOW:
        return yellow
    if value == GREEN:
        return ~withdrawn & ~red & ~yellow
    return withdrawn


def annotate_light(qs, days: int, on: date | None = None):
    """Add `light_value` to each row (computed by the database)."""
    return qs.annotate(light_value=Case(
        When(Q(status=ProblemStatus.WITHDRAWN), then=Value(NONE)),
        When(overdue_q(on), then=Value(RED)),
        When(due_soon_q(days, on) | returned_q(), then=Value(YELLOW)),
        default=Value(GREEN), output_field=CharField(),
    ))
