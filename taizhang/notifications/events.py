"""台账事件消息: which ledger events tell whom. One registry, one way out.

Each `Event` is data — a code, its Chinese label, who receives it (`audience` in words, `recipients` as a
function of the occurrence), the message it sends and the roles that may mute it. The code that makes
something happen calls `emit(code, obj=…, actor=…)` in its transaction: the problem services
(`problem_create`, `problem_update`), the problem lifecycle's follow-ups (`announce_transition`, which
looks the event up by the transition it is declared `on`), the 回头看 scheduler and the daily progress
check (`progress_overdue_scan`). `emit` waits for the transaction to commit (`transaction.on_commit`), then
`dispatch` drops the actor, inactive accounts, duplicates and the people who muted the event (where
their roles allow it) and hands the rest to `notifications.services.notify` — the one path to the inbox,
the group robots (quiet hours and rate limits in the outbox) and e-mail. A rolled-back action tells no one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from taizhang.core.text import quoted
from taizhang.orgs import permissions as P

ANYONE = frozenset(P.BUSINESS_ROLES)
# Every in-progress problem reports its progress at least this often; the responsible person is reminded
# once for each period that passes without a report.
PROGRESS_EVERY_DAYS = 14


@dataclass
class Occurrence:
    """One event happening to one record: what the recipients and the texts are computed from."""

    event: Event
    obj: Any
    actor: Any = None
    reason: str = ""
    occasion: str = ""
    params: dict = field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        return f"event:{self.event.code}:{self.obj._meta.model_name}:{self.obj.pk}:{self.occasion}"[:200]


@dataclass(frozen=True)
class Event:
    code: str
    label: str
    audience: str
    recipients: Callable[[Occurrence], Iterable]
    title: Callable[[Occurrence], str]
    body: Callable[[Occurrence], str]
    mutable_by: frozenset[str] = frozenset()
    # (model label, lifecycle action): the transition that emits this event
    on: tuple[str, str] | None = None

    def may_mute(self, user) -> bool:
        """Only when every business role the user holds allows muting (a clerk anywhere keeps 交办)."""
        from taizhang.orgs.scope import user_assignments

        roles = {a.role for a in user_assignments(user)} & P.BUSINESS_ROLES
        return bool(roles) and roles <= self.mutable_by


EVENTS: dict[str, Event] = {}


def register(event: Event) -> Event:
    if event.code in EVENTS:
        raise RuntimeError(f"event {event.code} is registered twice")
    EVENTS[event.code] = event
    return event


# --- who -------------------------------------------------------------------------------------------

def _unit_handlers(unit) -> list:
    """The unit's clerks and its own office (a unit without accounts: the nearest office above it)."""
    from taizhang.supervision.services import unit_handlers

    return unit_handlers(unit)


def _responsible(problem) -> list:
    return [problem.responsible] if problem.responsible_id else []


def the_unit(occ: Occurrence) -> list:
    """The problem's unit: its handlers and the named responsible person."""
    return [*_unit_handlers(occ.obj.unit), *_responsible(occ.obj)]


def the_responsible(occ: Occurrence) -> list:
    """The responsible person; a problem whose responsible person has no account goes to the unit."""
    return _responsible(occ.obj) or _unit_handlers(occ.obj.unit)


def the_reviewers(occ: Occurrence) -> list:
    """Those who may approve the closure (REVIEW over the problem's unit), at the nearest level that has any
    besides the requester: a village's closure goes to its township office, not to every office above."""
    from taizhang.orgs.models import RoleAssignment
    from taizhang.workflow import lifecycle_of

    problem = occ.obj
    unit = problem.unit
    approve = lifecycle_of(problem).transitions["approve"]
    paths = [unit.path[:i] for i in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    rows = (RoleAssignment.objects.filter(role__in=P.roles_granting(P.REVIEW), unit__path__in=paths,
                                          unit__active=True, user__is_active=True)
            .select_related("user", "user__unit", "unit").order_by("-unit__depth", "user_id"))
    actor_id = getattr(occ.actor, "pk", None)
    level: list = []
    depth = None
    for a in rows:
        if a.unit_id != unit.pk and not a.include_subunits:
            continue
        if a.user_id == actor_id or not approve.may(a.user, problem):
            continue
        if depth is not None and a.unit.depth != depth:
            break
        depth = a.unit.depth
        level.append(a.user)
    return level


def the_requester(occ: Occurrence) -> list:
    """Who asked for the closure that was just decided (the unit, if that account is gone)."""
    closure = (occ.obj.closure_requests.exclude(decision="").select_related("requested_by__unit")
               .order_by("-decided_at", "-id").first())
    if closure is not None and closure.requested_by_id and closure.requested_by.is_active:
        return [closure.requested_by]
    return the_unit(occ)


# --- what ------------------------------------------------------------------------------------------

def _day(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "未定"


def _reason(occ: Occurrence, label: str = "理由") -> str:
    return f"{label}：{occ.reason}" if occ.reason else ""


def _head(occ: Occurrence) -> str:
    p = occ.obj
    return f"{p.unit.name}{quoted(p.title)}（{p.number}）"


def _assigned_body(occ: Occurrence) -> str:
    p = occ.obj
    who = p.responsible_display or "未指定"
    return f"{_head(occ)}已交办给本单位，请认领并落实整改。责任人：{who}；整改时限：{_day(p.deadline)}。"


def _closure_body(occ: Occurrence) -> str:
    p = occ.obj
    closure = p.closure_requests.filter(decision="").order_by("-requested_at", "-id").first()
    summary = f"佐证说明：{closure.evidence_summary}" if closure and closure.evidence_summary else ""
    return "\n".join(s for s in (f"{_head(occ)}申请销号，请审核。", summary) if s)


def _lookback_body(occ: Occurrence) -> str:
    p = occ.obj
    due = occ.params.get("due_date")
    return f"{_head(occ)}于{_day(p.closed_on)}销号，{_day(due)}起应开展回头看，请做好准备。"


def _progress_body(occ: Occurrence) -> str:
    days, since = occ.params.get("days"), occ.params.get("since")
    return (f"{_head(occ)}自{_day(since)}以来已{days}天未填报整改进展（每{PROGRESS_EVERY_DAYS}天至少填报一次），"
            f"请尽快填报。")


PROBLEM = "ledger.problem"

ASSIGNED = register(Event(
    "problem.assigned", "问题交办给本单位", "问题所在单位的经办人和办公室、问题责任人",
    the_unit, lambda o: f"新交办问题：{o.obj.number} {o.obj.title}", _assigned_body,
    mutable_by=frozenset({P.LEADER, P.INSPECTOR})))
RESPONSIBLE = register(Event(
    "problem.responsible", "被指定为问题责任人", "新指定的问题责任人",
    lambda o: _responsible(o.obj), lambda o: f"您被指定为问题责任人：{o.obj.number}",
    lambda o: f"{_head(o)}的责任人改为您，请抓紧落实整改。整改时限：{_day(o.obj.deadline)}。"))
CLOSURE_REQUESTED = register(Event(
    "problem.closure_requested", "销号申请待审核", "可以审核该问题销号的人（就近一级的办公室）",
    the_reviewers, lambda o: f"销号申请待审核：{o.obj.number} {o.obj.title}", _closure_body,
    mutable_by=frozenset({P.LEADER, P.INSPECTOR}), on=(PROBLEM, "request_closure")))
RETURNED = register(Event(
    "problem.returned", "销号申请被退回", "提出销号申请的人",
    the_requester, lambda o: f"销号申请被退回：{o.obj.number} {o.obj.title}",
    lambda o: f"{_head(o)}的销号申请被退回，请按意见继续整改后重新申请。{_reason(o, '退回理由')}",
    on=(PROBLEM, "return")))
APPROVED = register(Event(
    "problem.approved", "问题已销号", "问题所在单位的经办人和办公室、问题责任人",
    the_unit, lambda o: f"问题已销号：{o.obj.number} {o.obj.title}",
    lambda o: f"{_head(o)}的销号申请已审核通过，问题已销号。{_reason(o, '审核意见')}",
    mutable_by=ANYONE, on=(PROBLEM, "approve")))
REOPENED = register(Event(
    "problem.reopened", "问题重新整改（回头看反弹）", "问题所在单位的经办人和办公室、问题责任人",
    the_unit, lambda o: f"问题重新整改：{o.obj.number} {o.obj.title}",
    lambda o: f"{_head(o)}已恢复为整改中，请重新落实整改。{_reason(o)}",
    mutable_by=frozenset({P.LEADER, P.INSPECTOR}), on=(PROBLEM, "reopen")))
WITHDRAWN = register(Event(
    "problem.withdrawn", "问题已撤销", "问题所在单位的经办人和办公室、问题责任人",
    the_unit, lambda o: f"问题已撤销：{o.obj.number} {o.obj.title}",
    lambda o: f"{_head(o)}已撤销，无需继续整改。{_reason(o)}",
    mutable_by=ANYONE, on=(PROBLEM, "withdraw")))
LOOKBACK_DUE = register(Event(
    "problem.lookback_due", "回头看到期", "问题所在单位的经办人和办公室、问题责任人",
    the_unit, lambda o: f"回头看到期：{o.obj.number} {o.obj.title}", _lookback_body, mutable_by=ANYONE))
PROGRESS_OVERDUE = register(Event(
    "problem.progress_overdue", "整改进展逾期未报", "问题责任人（无账号时为问题所在单位）",
    the_responsible, lambda o: f"整改进展逾期未报：{o.obj.number} {o.obj.title}", _progress_body,
    mutable_by=frozenset({P.LEADER, P.INSPECTOR})))


# --- how -------------------------------------------------------------------------------------------

def link_to(obj) -> str:
    return reverse("ledger:detail", kwargs={"pk": obj.pk})


def emit(code: str, *, obj, actor=None, reason: str = "", occasion: str = "", **params) -> None:
    """Announce `code` about `obj` once the current transaction commits (at once outside one)."""
    occ = Occurrence(event=EVENTS[code], obj=obj, actor=actor if getattr(actor, "pk", None) else None,
                     reason=(reason or "").strip(), occasion=occasion, params=params)
    transaction.on_commit(partial(dispatch, occ), robust=True)


def recipients_of(occ: Occurrence) -> list:
    """Who the occurrence reaches: each active account once, never the actor, not those who muted it."""
    from taizhang.notifications.models import EventMute

    actor_id = getattr(occ.actor, "pk", None)
    people = {u.pk: u for u in occ.event.recipients(occ) if u is not None and u.is_active and u.pk != actor_id}
    if not people:
        return []
    muted = set(EventMute.objects.filter(event=occ.event.code, user_id__in=list(people))
                .values_list("user_id", flat=True))
    return [u for pk, u in people.items() if pk not in muted or not occ.event.may_mute(u)]


def dispatch(occ: Occurrence) -> list:
    """Send one occurrence through `notify` (inbox, group robots, e-mail) in a transaction of its own."""
    from taizhang.notifications.services import notify

    occ.obj.refresh_from_db()
    with transaction.atomic():
        people = recipients_of(occ)
        if not people:
            return []
        return notify(recipients=people, title=occ.event.title(occ), body=occ.event.body(occ).strip(),
                      link=link_to(occ.obj), kind=occ.event.code, obj=occ.obj, dedupe_key=occ.dedupe_key,
                      actor=occ.actor)


def announce_transition(step) -> None:
    """A lifecycle follow-up: emit the event declared `on` this transition, if any."""
    key = (step.obj._meta.label_lower, step.transition.action)
    for event in EVENTS.values():
        if event.on == key:
            emit(event.code, obj=step.obj, actor=step.who, reason=step.reason, occasion=f"v{step.obj.version}")


def progress_overdue_scan(today: date | None = None) -> list[dict]:
    """Remind the responsible person of every in-progress problem (of an active campaign) without a progress
    report for `PROGRESS_EVERY_DAYS` days — counted from the last report or, before any, from when it last
    became 整改中. Once per problem and period: running it again the same period sends nothing."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import OuterRef, Subquery

    from taizhang.audit.models import StatusChange
    from taizhang.ledger.models import Problem, ProblemStatus, ProgressReport

    today = today or timezone.localdate()
    last_report = ProgressReport.objects.filter(problem=OuterRef("pk")).order_by("-date").values("date")[:1]
    entered = (StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Problem),
                                           object_id=OuterRef("pk"), new_status=ProblemStatus.IN_PROGRESS)
               .order_by("-at").values("at")[:1])
    problems = (Problem.objects.filter(status=ProblemStatus.IN_PROGRESS, campaign__active=True)
                .annotate(last_report=Subquery(last_report), entered=Subquery(entered))
                .select_related("unit", "responsible", "campaign").order_by("pk"))
    out = []
    for p in problems.iterator(chunk_size=1000):
        starts = [d for d in (p.last_report, timezone.localdate(p.entered) if p.entered else None) if d]
        since = max(starts) if starts else timezone.localdate(p.created_at)
        days = (today - since).days
        if days < PROGRESS_EVERY_DAYS:
            continue
        period = days // PROGRESS_EVERY_DAYS
        emit(PROGRESS_OVERDUE.code, obj=p, occasion=f"{since:%Y%m%d}:{period}", days=days, since=since)
        out.append({"problem": p.number, "problem_id": p.pk, "since": since.isoformat(), "days": days})
    return out


__all__ = ["EVENTS", "Event", "Occurrence", "emit", "dispatch", "announce_transition", "progress_overdue_scan",
           "recipients_of", "PROGRESS_EVERY_DAYS"]
